// Turns one parsed event payload (an envelope `event` item or a `/store/` body) into NormalizedEvent.
//
// Why: everything after ingestion (grouping, storage, the API) reads one bounded, typed shape and
// never the SDK's JSON. This is the only place that knows SDK field names.
//
// Invariants:
// - Total: any JSON object normalizes; a field of the wrong type is dropped, never fatal. Only a
//   non-object payload is refused (malformed, 400).
// - Bounded: strings, lists and nested data are cut to LIMITS before anything else reads them.
// - Timestamps: the SDK's time unless it is missing, unparseable or more than MAX_FUTURE_MS ahead of
//   the receive time (Relay's `max_secs_in_future` is 60 s); then the receive time. Past timestamps
//   are kept (retention is the store's decision).

import { randomUUID } from 'node:crypto';
import { withUserGeo } from '../geo/user-geo';
import { malformed } from '../ingest-error';
import { normalizeDebugId } from '../sourcemaps/debug-id';
import { asRecord, boundRecord, parseTimestamp, str, stringList, valuesList } from './coerce';
import { extractMessage } from './event-message';
import { summarize } from './event-summary';
import { buildTags } from './event-tags';
import { normalizeBreadcrumbs, normalizeContexts, normalizeSdk, normalizeUser } from './normalize-context';
import { normalizeExceptions, normalizeLooseStacktrace } from './normalize-exceptions';
import { normalizeRequest } from './normalize-request';
import { type Level, LIMITS, type NormalizedDebugImage, type NormalizedEvent } from './normalized-event';

export interface NormalizeContext {
  projectId: number;
  /** Epoch ms. */
  receivedAt: number;
  eventIdFromEnvelope?: string;
  clientIp?: string;
  /**
   * Leave out what nothing reads at ingest and what is not stored from this result (breadcrumbs,
   * extra: the stored body is normalized again from the raw payload when read,
   * `write/event-body.ts`). The prepare step sets it; every reader of a whole event leaves it off.
   */
  ingestOnly?: boolean;
}

const MAX_FUTURE_MS = 60_000;
const EVENT_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

// Sentry's level aliases (Relay `Level::from_str`) and Python logging's numeric levels.
// A Map, not an object literal: a level of "constructor" must not find Object.prototype.constructor.
const LEVELS = new Map<string, Level>([
  ['fatal', 'fatal'],
  ['critical', 'fatal'],
  ['error', 'error'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['info', 'info'],
  ['log', 'info'],
  ['debug', 'debug'],
  ['sample', 'sample'],
  ['50', 'fatal'],
  ['40', 'error'],
  ['30', 'warning'],
  ['20', 'info'],
  ['10', 'debug'],
]);

export function normalizeEvent(raw: unknown, ctx: NormalizeContext): NormalizedEvent {
  const event = asRecord(raw);
  if (event === null) throw malformed('event payload is not a JSON object');

  const platform = str(event.platform, 64) ?? 'other';
  const exceptions = normalizeExceptions(event.exception, platform);
  const stacktrace = exceptions.length === 0 ? normalizeLooseStacktrace(event, platform) : null;
  const { message, template } = extractMessage(event);
  const request = normalizeRequest(event.request);
  const transaction = str(event.transaction, LIMITS.shortString);
  const handledFlags = exceptions.map((e) => e.mechanism?.handled ?? null).filter((h) => h !== null);

  const base = {
    eventId: pickEventId(event.event_id, ctx.eventIdFromEnvelope),
    projectId: ctx.projectId,
    timestamp: pickTimestamp(event.timestamp, ctx.receivedAt),
    receivedAt: ctx.receivedAt,
    platform,
    level: LEVELS.get(String(event.level).toLowerCase()) ?? 'error',
    logger: str(event.logger, LIMITS.shortString),
    transaction,
    serverName: str(event.server_name, LIMITS.shortString),
    release: str(event.release, LIMITS.shortString),
    dist: str(event.dist, 64),
    environment: str(event.environment, 64),
    message,
    messageTemplate: template,
    type: exceptions.length > 0 ? ('error' as const) : ('default' as const),
    exceptions,
    stacktrace,
    contexts: normalizeContexts(event.contexts),
    extra: ctx.ingestOnly ? {} : boundRecord(event.extra),
    user: withUserGeo(normalizeUser(event.user, ctx.clientIp)),
    request,
    breadcrumbs: ctx.ingestOnly ? [] : normalizeBreadcrumbs(event.breadcrumbs),
    sdk: normalizeSdk(event.sdk),
    fingerprint: normalizeFingerprint(event.fingerprint),
    // Sentry's `handled` tag: "no" as soon as one exception in the chain was unhandled.
    handled: handledFlags.length === 0 ? null : handledFlags.every((h) => h),
    debugImages: normalizeDebugImages(event.debug_meta),
  };
  const summary = summarize({
    platform,
    message,
    transaction,
    exceptions,
    stacktrace,
    requestUrl: request?.url ?? null,
    sdkCulprit: event.culprit,
  });
  return { ...base, ...summary, tags: buildTags(event.tags, base) };
}

function pickEventId(fromPayload: unknown, fromEnvelope: string | undefined): string {
  for (const candidate of [fromPayload, fromEnvelope]) {
    if (typeof candidate === 'string' && EVENT_ID.test(candidate)) {
      return candidate.replace(/-/g, '').toLowerCase();
    }
  }
  return randomUUID().replace(/-/g, '');
}

function pickTimestamp(raw: unknown, receivedAt: number): number {
  const ms = parseTimestamp(raw);
  if (ms === null || ms < 0 || ms > receivedAt + MAX_FUTURE_MS) return receivedAt;
  return Math.round(ms);
}

function normalizeFingerprint(raw: unknown): string[] | null {
  if (!Array.isArray(raw)) return null;
  // Sentry stringifies numbers in fingerprints; other non-strings are dropped.
  const parts = stringList(
    raw.map((part) => (typeof part === 'number' && Number.isFinite(part) ? String(part) : part)),
    LIMITS.fingerprintParts,
    LIMITS.symbol,
  );
  return parts.length === 0 ? null : parts;
}

/** `debug_meta.images` of type `sourcemap` (JS SDKs: `{type, code_file, debug_id}`), for symbolication. */
function normalizeDebugImages(raw: unknown): NormalizedDebugImage[] {
  const images: NormalizedDebugImage[] = [];
  for (const value of valuesList(asRecord(raw)?.images)) {
    const image = asRecord(value);
    if (image?.type !== 'sourcemap') continue;
    const codeFile = str(image.code_file, LIMITS.symbol);
    const debugId = normalizeDebugId(image.debug_id);
    if (codeFile !== null && debugId !== null) images.push({ codeFile, debugId });
    if (images.length >= LIMITS.debugImages) break;
  }
  return images;
}
