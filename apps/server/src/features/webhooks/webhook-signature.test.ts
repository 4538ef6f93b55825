/**
 * The signature is checked over the bytes Sentry sent, not over a re-serialization: Python's
 * `json.dumps(ensure_ascii=True)` escapes non-ASCII text, which `JSON.stringify` would not redo.
 */
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const secret = 'client secret of the integration';

describe('verifyWebhookSignature', () => {
  it('accepts the HMAC-SHA256 hex of the raw body, in either case', () => {
    const body = Buffer.from('{"action":"created","data":{"issue":{"title":"caf\\u00e9 crashed"}}}');
    const signature = signWebhook(secret, body);
    expect(verifyWebhookSignature(secret, body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, body, signature.toUpperCase())).toBe(true);
    // The same JSON re-serialized by JavaScript is other bytes, and does not verify.
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(verifyWebhookSignature(secret, reserialized, signature)).toBe(false);
  });

  it('refuses another key, a changed body, and malformed or missing headers', () => {
    const body = Buffer.from('{"action":"resolved"}');
    const signature = signWebhook(secret, body);
    expect(verifyWebhookSignature('another secret', body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, Buffer.from('{"action":"ignored"}'), signature)).toBe(false);
    for (const header of [
      undefined,
      '',
      signature.slice(0, 63),
      `${signature}00`,
      `sha256=${signature}`,
      42,
    ]) {
      expect(verifyWebhookSignature(secret, body, header)).toBe(false);
    }
  });
});
