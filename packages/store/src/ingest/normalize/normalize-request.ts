// The `request` interface (develop event-payloads request.mdx) into NormalizedRequest.
//
// SDKs send `query_string` as a raw string, an object or a list of pairs, and `headers` as an object
// or a list of pairs; all become ordered `[name, value]` lists.
//
// Invariant: credentials never reach storage. Sentry's default server-side scrubbing replaces
// Authorization and Cookie headers with "[Filtered]"; Dexter does the same for those headers and
// drops the `cookies` field entirely.

import { asRecord, boundJson, scalarStr, str, truncate } from './coerce';
import { LIMITS, type NormalizedRequest } from './normalized-event';

const FILTERED = '[Filtered]';
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-sentry-auth',
]);
const MAX_PAIRS = 100;

export function normalizeRequest(raw: unknown): NormalizedRequest | null {
  const r = asRecord(raw);
  if (r === null) return null;
  const request: NormalizedRequest = {
    url: str(r.url, LIMITS.symbol),
    method: str(r.method, 16)?.toUpperCase() ?? null,
    query: normalizeQuery(r.query_string),
    headers: toPairs(r.headers).map(([name, value]) => [
      name,
      SENSITIVE_HEADERS.has(name.toLowerCase()) ? FILTERED : value,
    ]),
    data: r.data === undefined ? null : boundJson(r.data),
    env: normalizeEnv(r.env),
  };
  const empty =
    request.url === null &&
    request.method === null &&
    request.query.length === 0 &&
    request.headers.length === 0 &&
    request.data === null &&
    request.env === null;
  return empty ? null : request;
}

function normalizeQuery(raw: unknown): Array<[string, string]> {
  if (typeof raw !== 'string') return toPairs(raw);
  const pairs: Array<[string, string]> = [];
  // URLSearchParams decodes `+` and percent escapes the way the SDK's framework did.
  for (const [key, value] of new URLSearchParams(truncate(raw, LIMITS.symbol * 8))) {
    if (pairs.length >= MAX_PAIRS) break;
    pairs.push([truncate(key, LIMITS.shortString), truncate(value, LIMITS.symbol)]);
  }
  return pairs;
}

/** `{k: v}` or `[[k, v], ...]` into bounded pairs; non-scalar values are dropped. */
function toPairs(raw: unknown): Array<[string, string]> {
  const entries: unknown[] = Array.isArray(raw) ? raw : Object.entries(asRecord(raw) ?? {});
  const pairs: Array<[string, string]> = [];
  for (const entry of entries.slice(0, MAX_PAIRS)) {
    if (!Array.isArray(entry)) continue;
    const key = str(entry[0], LIMITS.shortString);
    const value = scalarStr(entry[1], LIMITS.symbol);
    if (key !== null && value !== null) pairs.push([key, value]);
  }
  return pairs;
}

function normalizeEnv(raw: unknown): Record<string, string> | null {
  const pairs = toPairs(raw);
  return pairs.length === 0 ? null : Object.fromEntries(pairs);
}
