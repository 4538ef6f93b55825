/**
 * Recognizes a webhook Sentry delivers again (after a timeout or an error answer). `Request-ID`
 * is new on every send, so the key is a hash of what does not change: resource, action, issue id
 * and the body. Keys are kept `ttlMs`; with Redis they are shared (`SET NX PX`), so a delivery
 * retried to another instance is still recognized. With Redis away, this instance's memory decides.
 *
 * Invariant: `firstTime(key)` is true at most once per key per window on one instance, and at
 * most once across instances while Redis answers.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

export interface WebhookDedupeOptions {
  redis: Pick<Redis, 'set'> | null;
  ttlMs: number;
  maxLocalKeys?: number;
  prefix?: string;
}

export const deliveryKey = (resource: string, action: string, issueId: string | null, body: Buffer) =>
  createHash('sha256')
    .update(`${resource}\n${action}\n${issueId ?? ''}\n`)
    .update(body)
    .digest('hex');

export function createWebhookDedupe({ redis, ttlMs, maxLocalKeys = 50_000, prefix }: WebhookDedupeOptions) {
  const seen = new LRUCache<string, true>({ max: maxLocalKeys, ttl: ttlMs });
  const keyPrefix = prefix ?? 'dexter:webhook:';
  return {
    async firstTime(key: string): Promise<boolean> {
      if (seen.has(key)) return false;
      seen.set(key, true);
      if (!redis) return true;
      try {
        return (await redis.set(`${keyPrefix}${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        return true;
      }
    },
  };
}

export type WebhookDedupe = ReturnType<typeof createWebhookDedupe>;
