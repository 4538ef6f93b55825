/**
 * `Sentry-Hook-Signature`: HMAC-SHA256 of the raw request body, keyed with the integration's
 * client secret, as lowercase hex (sentry-api.md §4). It is checked over the bytes as received:
 * re-serialising parsed JSON would not reproduce Sentry's encoding (`ensure_ascii`, key order,
 * number formats). The comparison is constant-time over the 32 digest bytes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'sentry-hook-signature';

export const signWebhook = (secret: string, body: Buffer | string): string =>
  createHmac('sha256', secret).update(body).digest('hex');

export function verifyWebhookSignature(secret: string, body: Buffer, header: unknown): boolean {
  if (typeof header !== 'string' || !/^[0-9a-fA-F]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
}
