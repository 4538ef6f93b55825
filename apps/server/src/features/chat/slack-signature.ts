/**
 * Slack's v0 request signing: `v0=` + hex HMAC-SHA256 (keyed by the app's signing secret) of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`, over the exact bytes received, compared in constant
 * time; a timestamp more than five minutes old (or ahead) is refused, so a captured request cannot
 * be replayed later. Replays inside the window are caught by the callers' own de-duplication
 * (an action changes state idempotently; events carry `event_id`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DexterError } from '../../errors/error-codes';

export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

export function signSlackRequest(
  secret: string,
  timestamp: number | string,
  rawBody: string | Buffer,
): string {
  const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`), Buffer.from(rawBody)]);
  return `v0=${createHmac('sha256', secret).update(base).digest('hex')}`;
}

const refuse = (message: string) => new DexterError('DEXTER_ERR_WEBHOOK_SIGNATURE', message);

/** Throws a 401 naming what is wrong: a missing header, a stale timestamp or a wrong signature. */
export function verifySlackRequest(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  nowMs: number,
): void {
  const signature = headers[SLACK_SIGNATURE_HEADER];
  const timestamp = headers[SLACK_TIMESTAMP_HEADER];
  if (typeof signature !== 'string' || typeof timestamp !== 'string')
    throw refuse('Slack request without X-Slack-Signature and X-Slack-Request-Timestamp');
  if (!/^\d{1,12}$/.test(timestamp)) throw refuse('X-Slack-Request-Timestamp is not a unix time');
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS)
    throw refuse(
      'X-Slack-Request-Timestamp is more than 5 minutes away from now: refused as a possible replay',
    );
  const expected = Buffer.from(signSlackRequest(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw refuse("X-Slack-Signature does not match the body signed with this connection's signing secret");
}
