/**
 * Stored events in the shape of Sentry's event responses: the normalized (snake_case-born) event
 * becomes camelCase `entries` (exception, message, breadcrumbs, request) with each frame's
 * context lines as `[lineNo, source]` pairs, and tags as `[{key, value}]`. An exception whose
 * frames were symbolicated also has `rawStacktrace`, the minified frames, as in Sentry.
 */
import type {
  BreadcrumbsEntryDataSchema,
  EventListItemSchema,
  EventSchema,
  ExceptionEntryDataSchema,
  MessageEntryDataSchema,
  RequestEntryDataSchema,
} from '@dexter/sentry-wire';
import type { z } from 'zod';
import type {
  NormalizedEvent,
  NormalizedException,
  NormalizedFrame,
} from '../../ingest/normalize/normalized-event';
import { isoOf } from '../organizations/serialize-organization';

export interface StoredEvent {
  event: NormalizedEvent;
  issueId: number;
  size: number;
}

function contextOf(frame: NormalizedFrame): Array<[number, string]> {
  if (frame.lineNo === null || frame.contextLine === null) return [];
  const start = frame.lineNo - frame.preContext.length;
  return [
    ...frame.preContext.map((line, i): [number, string] => [start + i, line]),
    [frame.lineNo, frame.contextLine],
    ...frame.postContext.map((line, i): [number, string] => [frame.lineNo! + 1 + i, line]),
  ];
}

const serializeFrame = (frame: NormalizedFrame) => ({
  filename: frame.filename,
  absPath: frame.absPath,
  module: frame.module,
  package: frame.package,
  platform: frame.platform,
  function: frame.function,
  rawFunction: frame.rawFunction,
  lineNo: frame.lineNo,
  colNo: frame.colNo,
  inApp: frame.inApp,
  context: contextOf(frame),
  instructionAddr: frame.instructionAddr,
  vars: null,
  trust: null,
  errors: null,
});

const serializeStacktrace = (frames: NormalizedFrame[]) => ({
  frames: frames.map(serializeFrame),
  framesOmitted: null,
  registers: null,
  hasSystemFrames: frames.some((f) => !f.inApp),
});

const serializeException = (exception: NormalizedException) => ({
  type: exception.type,
  value: exception.value,
  module: exception.module,
  threadId: exception.threadId,
  mechanism: exception.mechanism
    ? {
        type: exception.mechanism.type,
        handled: exception.mechanism.handled,
        synthetic: exception.mechanism.synthetic,
        exception_id: exception.mechanism.exceptionId,
        parent_id: exception.mechanism.parentId,
      }
    : null,
  stacktrace: exception.frames.length ? serializeStacktrace(exception.frames) : null,
  // As Sentry: the frames as the SDK sent them, when source maps rewrote `stacktrace`.
  rawStacktrace: exception.rawFrames?.length ? serializeStacktrace(exception.rawFrames) : null,
});

function entriesOf(event: NormalizedEvent) {
  const entries: Array<{ type: string; data: unknown }> = [];
  if (event.exceptions.length > 0) {
    entries.push({
      type: 'exception',
      data: {
        values: event.exceptions.map(serializeException),
        excOmitted: null,
        hasSystemFrames: event.exceptions.some((e) => e.frames.some((f) => !f.inApp)),
      } satisfies z.input<typeof ExceptionEntryDataSchema>,
    });
  }
  if (event.message)
    entries.push({
      type: 'message',
      data: { formatted: event.message, message: event.message } satisfies z.input<
        typeof MessageEntryDataSchema
      >,
    });
  if (event.breadcrumbs.length > 0) {
    entries.push({
      type: 'breadcrumbs',
      data: {
        values: event.breadcrumbs.map((b) => ({ ...b, event_id: null })),
      } satisfies z.input<typeof BreadcrumbsEntryDataSchema>,
    });
  }
  if (event.request) {
    entries.push({
      type: 'request',
      data: {
        url: event.request.url,
        method: event.request.method,
        query: event.request.query,
        headers: event.request.headers,
        data: event.request.data ?? null,
        env: event.request.env,
        fragment: null,
        cookies: null,
        inferredContentType: null,
      } satisfies z.input<typeof RequestEntryDataSchema>,
    });
  }
  return entries;
}

const serializeUser = (event: NormalizedEvent) =>
  event.user
    ? {
        id: event.user.id,
        email: event.user.email,
        username: event.user.username,
        ip_address: event.user.ipAddress,
        name: null,
        // Sentry's keys, not the normalized event's (`country_code`, `region`, `city`).
        geo: event.user.geo && {
          ...(event.user.geo.countryCode ? { country_code: event.user.geo.countryCode } : {}),
          ...(event.user.geo.region ? { region: event.user.geo.region } : {}),
          ...(event.user.geo.city ? { city: event.user.geo.city } : {}),
        },
        data: null,
      }
    : null;

const serializeTags = (event: NormalizedEvent) => event.tags.map(([key, value]) => ({ key, value }));

/** `IssueEventDetailsResponse`. */
export function serializeEventDetail(
  { event, issueId, size }: StoredEvent,
  neighbours: { previousEventID: string | null; nextEventID: string | null },
) {
  return {
    id: event.eventId,
    eventID: event.eventId,
    groupID: String(issueId),
    projectID: String(event.projectId),
    title: event.title,
    message: event.message ?? '',
    location: event.culprit || null,
    culprit: event.culprit,
    user: serializeUser(event),
    tags: serializeTags(event),
    platform: event.platform,
    dateCreated: isoOf(event.timestamp),
    dateReceived: isoOf(event.receivedAt),
    contexts: event.contexts,
    context: {},
    size,
    entries: entriesOf(event),
    dist: event.dist,
    sdk: event.sdk ? { name: event.sdk.name ?? 'unknown', version: event.sdk.version ?? 'unknown' } : null,
    packages: {},
    type: event.type,
    metadata: event.metadata,
    errors: [],
    occurrence: null,
    _meta: {},
    crashFile: null,
    fingerprints: [],
    groupingConfig: { id: 'dexter:2026-11', enhancements: '' },
    release: event.release ? { version: event.release, shortVersion: event.release } : null,
    environment: event.environment,
    userReport: null,
    sdkUpdates: [],
    resolvedWith: [],
    ...neighbours,
  } satisfies z.input<typeof EventSchema>;
}

/** `GroupEventsResponseDict` items; `full` adds the detail fields as Sentry's `full=true` does. */
export function serializeEventListItem(stored: StoredEvent, full: boolean) {
  const { event, issueId } = stored;
  const base = {
    id: event.eventId,
    'event.type': event.type,
    groupID: String(issueId),
    eventID: event.eventId,
    projectID: String(event.projectId),
    message: event.message ?? '',
    title: event.title,
    location: event.culprit || null,
    culprit: event.culprit,
    user: serializeUser(event),
    tags: serializeTags(event),
    platform: event.platform,
    dateCreated: isoOf(event.timestamp) ?? '',
    crashFile: null,
    metadata: event.metadata,
  } satisfies z.input<typeof EventListItemSchema>;
  if (!full) return base;
  return { ...serializeEventDetail(stored, { previousEventID: null, nextEventID: null }), ...base };
}
