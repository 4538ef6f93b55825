/**
 * The signature of Dexter's alert webhooks: `X-Dexter-Signature: sha256=<hex>` over
 * `<timestamp>.<body>` with HMAC-SHA256, and the timestamp (Unix seconds) in
 * `X-Dexter-Timestamp`. Signing the timestamp with the body lets a receiver refuse replays older
 * than it tolerates. The key is derived from Dexter's secret key, so it survives restarts and is
 * the same on every instance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-dexter-signature';
export const TIMESTAMP_HEADER = 'x-dexter-timestamp';
export const DELIVERY_HEADER = 'x-dexter-delivery';

/** The webhook signing secret, derived (not stored) from the key Dexter encrypts its secrets with. */
export const webhookSigningSecret = (encryptionKey: Buffer): string =>
  createHmac('sha256', encryptionKey).update('dexter alert webhooks v1').digest('hex');

export const signWebhook = (secret: string, timestamp: number, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** What a receiver does (and tests do): recompute and compare in constant time. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
