/**
 * The channels a delivery goes out on. Each returns normally when the receiver took it, throws a
 * `RetryableDeliveryError` for a failure worth retrying (a 5xx, a timeout, a refused connection)
 * and a `PermanentDeliveryError` for one that will not heal (the SSRF guard refuses the URL, no
 * SMTP server is configured, the member has no address).
 */
import type { ChangeFeed } from '@dexter/change-feed';
import nodemailer from 'nodemailer';
import type { SsrfGuard } from '../../security/ssrf-guard';
import { UnsafeUrlError } from '../../security/ssrf-guard';
import type { AlertDigestPayload, AlertPayload } from './alert-payload';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

export class RetryableDeliveryError extends Error {}
export class PermanentDeliveryError extends Error {}

export function createWebhookSender(options: { guard: SsrfGuard; secret: string; now: () => number }) {
  return async (url: string, payload: AlertPayload | AlertDigestPayload): Promise<void> => {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(options.now() / 1000);
    let response: Awaited<ReturnType<SsrfGuard['fetch']>>;
    try {
      response = await options.guard.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Dexter-Alerts/1',
          [SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [DELIVERY_HEADER]: payload.delivery,
        },
        body,
        redirect: 'manual',
      });
    } catch (error) {
      if (error instanceof UnsafeUrlError)
        throw new PermanentDeliveryError(`refused by the SSRF guard: ${error.message}`);
      throw new RetryableDeliveryError(error instanceof Error ? error.message : String(error));
    }
    if (response.status < 200 || response.status >= 300)
      throw new RetryableDeliveryError(`${new URL(url).host} answered ${response.status}`);
  };
}

export function createMailSender(options: { smtpUrl: string | null; from: string }) {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return {
    async send(to: string, payload: AlertPayload): Promise<void> {
      if (!transport) throw new PermanentDeliveryError('no SMTP server is configured (DEXTER_SMTP_URL)');
      try {
        await transport.sendMail({
          from: options.from,
          to,
          subject: payload.metric
            ? `[${payload.action === 'resolved' ? 'resolved' : payload.metric.level}] ${payload.rule.name}`
            : `[${payload.issue.shortId}] ${payload.rule.name}: ${payload.issue.title}`,
          text: mailText(payload),
          headers: { 'X-Dexter-Delivery': payload.delivery },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = error instanceof Error ? error.message : String(error);
        // 5xx from the SMTP server is a refusal (bad address, relay denied); anything else may pass later.
        if (code !== undefined && code >= 500) throw new PermanentDeliveryError(message);
        throw new RetryableDeliveryError(message);
      }
    },
    close: () => transport?.close(),
  };
}

function mailText(payload: AlertPayload): string {
  return [
    payload.metric
      ? `${payload.rule.name} ${payload.action === 'resolved' ? 'resolved' : `is ${payload.metric.level}`}`
      : `${payload.rule.name} fired for ${payload.issue.shortId}: ${payload.issue.title}`,
    '',
    `Why: ${payload.reason.summary}.`,
    `Project: ${payload.issue.project}, level ${payload.issue.level}${payload.issue.culprit ? `, in ${payload.issue.culprit}` : ''}.`,
    `Fired at ${payload.firedAt}.`,
    '',
    payload.issue.url,
  ].join('\n');
}

/** In-app: told on the change feed as `alert.fired`, which the live feature sends to browsers. */
export const createInAppSender =
  (feed: Pick<ChangeFeed, 'publish'>) =>
  async (org: string, payload: AlertPayload): Promise<void> => {
    await feed.publish({
      type: 'alert.fired',
      org,
      kind: payload.metric ? 'metric' : 'issue',
      title: payload.metric
        ? `${payload.rule.name}: ${payload.reason.summary}`
        : `${payload.rule.name}: ${payload.issue.title}`,
      status: payload.metric ? (payload.metric.level === 'ok' ? 'resolved' : payload.metric.level) : null,
      issueId: payload.metric ? null : payload.issue.id,
      ruleId: payload.rule.id,
    });
  };
