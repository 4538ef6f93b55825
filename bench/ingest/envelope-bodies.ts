/**
 * The bench's request bodies, built before any timing so the client stays cheap on a machine
 * whose cores it shares with the server. Each bug × variant event is serialized once, exactly as
 * `@sentry/core` writes an event envelope (headers, item header, payload; no trailing newline, no
 * length) and deflated once, as `@sentry/node` gzips every body above 32 KiB; per request only a
 * fresh event id goes in (see gzip-template.ts), so every event is new to the server's dedup.
 */
import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { envelopeOf } from '@dexter/store/testing';
import { compileGzipTemplate, type GzipTemplate } from '../lib/gzip-template';
import { hexString, pick, seededRng, zipfSampler } from '../lib/random';
import type { Bug } from './bug-catalog';
import type { Delivery } from './load-generator';
import { buildEvent } from './node-error-events';

const EVENT_ID_SLOT = '@@EVENT_ID@@';
const SDK_NAME = 'sentry.javascript.node';
const SDK_VERSION = '9.1.0';
const RELEASE = 'shop-api@2.14.3';
// @sentry/node's transport gzips bodies larger than this (GZIP_THRESHOLD in transports/http).
const SDK_GZIP_THRESHOLD = 32 * 1024;

export interface BodyOptions {
  bugs: Bug[];
  variantsPerBug: number;
  /** Uncompressed event size to aim for. */
  eventBytes: number;
  /** Skew of bug frequencies (Zipf exponent): a few bugs are frequent, most are rare. */
  zipfExponent: number;
  projectId: string;
  publicKey: string;
}

export interface BodyFactory {
  next(): Delivery;
  templates: number;
  meanEnvelopeBytes: number;
  meanWireBytes: number;
}

export function createBodyFactory(options: BodyOptions): BodyFactory {
  const rng = seededRng(42);
  const now = Date.now() / 1000;
  const templates: GzipTemplate[][] = options.bugs.map((bug) =>
    Array.from({ length: options.variantsPerBug }, () => {
      const event = buildEvent(bug, rng, {
        eventId: EVENT_ID_SLOT,
        now,
        targetBytes: options.eventBytes,
        release: RELEASE,
      });
      const envelope = envelopeOf(event as { event_id: string }, {
        sdk: { name: SDK_NAME, version: SDK_VERSION },
        trace: {
          environment: 'production',
          release: RELEASE,
          public_key: options.publicKey,
          trace_id: hexString(rng, 32),
          sample_rate: '0.1',
          sampled: 'false',
        },
      });
      if (Buffer.byteLength(envelope) <= SDK_GZIP_THRESHOLD) {
        throw new Error(
          `an envelope of ${Buffer.byteLength(envelope)} bytes would not be gzipped by the SDK`,
        );
      }
      return compileGzipTemplate(envelope, EVENT_ID_SLOT);
    }),
  );
  const all = templates.flat();
  assertRoundTrip(all[0]);

  const sample = all.map((template) => template.fill(newEventId()).length);
  const path =
    `/api/${options.projectId}/envelope/?sentry_version=7&sentry_key=${options.publicKey}` +
    `&sentry_client=${encodeURIComponent(`${SDK_NAME}/${SDK_VERSION}`)}`;
  const headers = { 'content-encoding': 'gzip' };
  const nextBug = zipfSampler(options.bugs.length, options.zipfExponent, seededRng(7));
  const pickRng = seededRng(8);

  return {
    templates: all.length,
    meanEnvelopeBytes: mean(all.map((t) => t.textBytes - t.slots * (EVENT_ID_SLOT.length - 32))),
    meanWireBytes: mean(sample),
    next() {
      const bug = nextBug();
      const template = pick(pickRng, templates[bug] ?? []);
      const eventId = newEventId();
      return { path, headers, body: template.fill(eventId), eventId, bug };
    },
  };
}

const newEventId = () => randomUUID().replaceAll('-', '');

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** The spliced gzip must inflate to the envelope with the id in both places, or every figure is void. */
function assertRoundTrip(template: GzipTemplate | undefined): void {
  if (!template) throw new Error('no bodies were built');
  const id = newEventId();
  const text = zlib.gunzipSync(template.fill(id)).toString('utf8');
  const [header, itemHeader, payload] = text.split('\n');
  const ids = [header, payload].map((json) => (JSON.parse(json ?? '{}') as { event_id?: string }).event_id);
  if (ids[0] !== id || ids[1] !== id || itemHeader !== '{"type":"event"}' || text.endsWith('\n')) {
    throw new Error('a pre-built body does not inflate to a valid event envelope');
  }
}
