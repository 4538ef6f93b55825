/**
 * Parses the SDKs' release-health items (develop sessions.mdx; Relay `protocol/session.rs`):
 * `session` (one session's state, sent at its start and on every change) and `sessions`
 * (per-minute aggregates, as `@sentry/node`'s request sessions send them). Pure, so the ingest
 * workers run it.
 *
 * Invariants, as Relay treats these items:
 * - A bad item is dropped and counted; it never fails the envelope or its event.
 * - No `attrs.release` → dropped. `environment` defaults to `production`.
 * - Input is bounded before it is looked at: payload bytes, aggregate count, string lengths.
 * - Sessions are bucketed by the hour they started; updates keep that bucket.
 */
export type SessionRecord =
  | {
      kind: 'session';
      sid: string;
      did: string | null;
      init: boolean;
      /** 0 ok/exited, 1 errored, 2 abnormal, 3 crashed. */
      statusRank: number;
      hadErrors: boolean;
      bucket: number;
      release: string;
      environment: string;
    }
  | {
      kind: 'aggregate';
      bucket: number;
      release: string;
      environment: string;
      total: number;
      /** Everything not cleanly exited: errored, unhandled, abnormal and crashed. */
      errored: number;
      crashed: number;
      abnormal: number;
    };

export interface ParsedSessions {
  records: SessionRecord[];
  dropped: number;
}

export const SESSION_ITEM_TYPES: ReadonlySet<string> = new Set(['session', 'sessions']);

// A session item is a few hundred bytes; an aggregate item is one entry per minute and user.
const MAX_SESSION_ITEM_BYTES = 64 * 1024;
const MAX_AGGREGATES = 1000;
// Sentry caps a release at 200 characters and an environment at 64.
const MAX_RELEASE = 200;
const MAX_ENVIRONMENT = 64;
const MAX_ID = 128;
const MAX_COUNT = 1_000_000;
const HOUR_MS = 3_600_000;
// Relay accepts updates for 5 days and refuses sessions that start in the future.
const MAX_AGE_MS = 5 * 24 * HOUR_MS;
const MAX_FUTURE_MS = HOUR_MS;

const STATUS_RANK: Record<string, number> = {
  ok: 0,
  exited: 0,
  errored: 1,
  unhandled: 1,
  abnormal: 2,
  crashed: 3,
};

export function parseSessionItem(type: string, payload: Buffer, receivedAt: number): ParsedSessions {
  if (payload.length > MAX_SESSION_ITEM_BYTES) return { records: [], dropped: 1 };
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return { records: [], dropped: 1 };
  }
  if (type === 'session') {
    const record = toSession(json, receivedAt);
    return record ? { records: [record], dropped: 0 } : { records: [], dropped: 1 };
  }
  return toAggregates(json, receivedAt);
}

function toSession(json: unknown, receivedAt: number): SessionRecord | null {
  if (!isObject(json)) return null;
  const attrs = attrsOf(json.attrs);
  const sid = boundedString(json.sid, MAX_ID);
  const bucket = bucketOf(json.started, receivedAt);
  const status = typeof json.status === 'string' ? json.status : 'ok';
  const statusRank = STATUS_RANK[status];
  const errors = json.errors ?? 0;
  if (!attrs || !sid || bucket === null || statusRank === undefined) return null;
  if (typeof errors !== 'number' || !(errors >= 0)) return null;
  return {
    kind: 'session',
    sid,
    did: boundedString(json.did, MAX_ID),
    init: json.init === true,
    statusRank,
    hadErrors: errors > 0,
    bucket,
    ...attrs,
  };
}

function toAggregates(json: unknown, receivedAt: number): ParsedSessions {
  if (!isObject(json) || !Array.isArray(json.aggregates)) return { records: [], dropped: 1 };
  const attrs = attrsOf(json.attrs);
  if (!attrs) return { records: [], dropped: json.aggregates.length || 1 };
  const records: SessionRecord[] = [];
  let dropped = Math.max(0, json.aggregates.length - MAX_AGGREGATES);
  for (const entry of json.aggregates.slice(0, MAX_AGGREGATES)) {
    const bucket = isObject(entry) ? bucketOf(entry.started, receivedAt) : null;
    const counts = isObject(entry) ? countsOf(entry) : null;
    if (bucket === null || !counts) {
      dropped += 1;
      continue;
    }
    const errored = counts.errored + counts.unhandled + counts.abnormal + counts.crashed;
    const total = counts.exited + errored;
    if (total > 0) {
      records.push({
        kind: 'aggregate',
        bucket,
        ...attrs,
        total,
        errored,
        crashed: counts.crashed,
        abnormal: counts.abnormal,
      });
    }
  }
  return { records, dropped };
}

const COUNT_FIELDS = ['exited', 'errored', 'unhandled', 'abnormal', 'crashed'] as const;

function countsOf(entry: Record<string, unknown>): Record<(typeof COUNT_FIELDS)[number], number> | null {
  const counts = { exited: 0, errored: 0, unhandled: 0, abnormal: 0, crashed: 0 };
  for (const field of COUNT_FIELDS) {
    const value = entry[field] ?? 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) return null;
    counts[field] = value;
  }
  return counts;
}

function attrsOf(value: unknown): { release: string; environment: string } | null {
  if (!isObject(value)) return null;
  const release = boundedString(value.release, MAX_RELEASE);
  if (!release) return null;
  const environment =
    value.environment === undefined ? 'production' : boundedString(value.environment, MAX_ENVIRONMENT);
  return environment ? { release, environment } : null;
}

/** `started` is RFC 3339 text or seconds since the epoch (Relay accepts both). */
function bucketOf(started: unknown, receivedAt: number): number | null {
  const ms =
    typeof started === 'string' && started.length <= 64
      ? Date.parse(started)
      : typeof started === 'number'
        ? started * 1000
        : Number.NaN;
  if (!Number.isFinite(ms) || ms < receivedAt - MAX_AGE_MS || ms > receivedAt + MAX_FUTURE_MS) return null;
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

function boundedString(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
