/**
 * Request identity for the cache and singleflight stages: two requests share a cached answer or an
 * in-flight call exactly when they have the same key. Both stages call this one function, so a
 * request that joins a flight is also one the cache would have answered.
 *
 * Invariants:
 * - the key covers the Sentry identity (base URL + token hash), the operation, the method, the
 *   path and the query as `encodeQuery` puts it on the wire; nothing else (not the signal, not the
 *   priority, not the body: only GETs are keyed);
 * - the order of *different* parameters does not matter (`a=1&b=2` = `b=2&a=1`), but the order of
 *   the values of one repeated parameter does (`field=a&field=b` ≠ `field=b&field=a`): Discover
 *   reads `field` in column order, so reordering a list is a different request;
 * - the identity appears only hashed, so Redis keys never reveal the Sentry URL or token hash;
 * - keys read as `dexter:req:<operation>:<sha256 hex>`, so an operator can tell them apart in Redis.
 */
import { createHash } from 'node:crypto';
import { encodeQuery, type UpstreamRequest } from '@dexter/sentry-client';

export type KeyedRequest = Pick<UpstreamRequest, 'operation' | 'method' | 'path' | 'query'>;

// The cache and singleflight stages key the same request object one after the other: hashed once.
// Stages never change a request in place (they pass a copy), so an object's key cannot go stale.
const keyed = new WeakMap<KeyedRequest, { identity: string; key: string }>();

export function requestKey(req: KeyedRequest, identity: string): string {
  const kept = keyed.get(req);
  if (kept?.identity === identity) return kept.key;
  // Array.prototype.sort is stable: values of one key keep their relative order.
  const entries = [...encodeQuery(req.query)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256')
    .update(JSON.stringify([identity, req.operation, req.method, req.path, entries]))
    .digest('hex');
  const key = `dexter:req:${req.operation}:${hash}`;
  keyed.set(req, { identity, key });
  return key;
}
