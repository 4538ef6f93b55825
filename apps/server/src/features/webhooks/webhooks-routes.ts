/**
 * `POST /api/v1/webhooks/sentry`: Sentry's integration webhooks. No session can call it (Sentry
 * has none): the route is `public` in the operation table and the request is authenticated by
 * its `Sentry-Hook-Signature` instead, over the raw body bytes, before anything else is read.
 *
 * Sentry counts an answer slower than 1 s as a timeout (and unsubscribes after 1,000 a day), so
 * the handler only verifies and queues: `202` at once, the work after the answer. A re-delivery
 * is answered `202` too and then recognized as one (`webhook-dedupe.ts`), so it changes nothing.
 *
 * Bounds: 1 MiB bodies (an `error` payload carries a whole event); at most `maxPending` deliveries
 * being processed, beyond which Sentry gets `429` and retries later; a per-address rate limit of
 * 100 a second instead of the API's default, since Sentry sends from a few addresses.
 */
import type { Change } from '@dexter/change-feed';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';
import { deliveryKey, type WebhookDedupe } from './webhook-dedupe';
import { changesFromWebhook, webhookIssueId } from './webhook-events';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature';

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export interface WebhooksRoutesDeps {
  /** Null: webhooks are not configured and the route answers 404. */
  secret: string | null;
  dedupe: Pick<WebhookDedupe, 'firstTime'>;
  publish(change: Change): Promise<void>;
  /** The organization Sentry's deliveries are about (`SENTRY_ORG`, or the store's). */
  org(): string | null;
  maxPending?: number;
}

export async function webhooksRoutes(app: FastifyInstance, deps: WebhooksRoutesDeps): Promise<void> {
  const maxPending = deps.maxPending ?? 1000;
  let pending = 0;

  // The signature is over the bytes as sent: keep them (this scope only).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  async function handleDelivery(resource: string, raw: Buffer, body: unknown): Promise<void> {
    const action = typeof body === 'object' && body !== null && 'action' in body ? String(body.action) : '';
    if (!(await deps.dedupe.firstTime(deliveryKey(resource, action, webhookIssueId(body), raw)))) return;
    const org = deps.org();
    if (!org) return;
    for (const change of changesFromWebhook(resource, body, org)) await deps.publish(change);
  }

  app.post(
    '/webhooks/sentry',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      config: { rateLimit: { max: 6_000, timeWindow: 60_000 } },
      schema: {
        operationId: 'webhooks.sentry',
        tags: ['live'],
        summary: 'Sentry integration webhooks (signed with the client secret)',
        response: { 202: z.object({ accepted: z.boolean() }) },
      },
    },
    async (request, reply) => {
      if (!deps.secret) {
        throw new DexterError('DEXTER_ERR_NOT_FOUND', 'Sentry webhooks are not configured here');
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!verifyWebhookSignature(deps.secret, raw, request.headers[SIGNATURE_HEADER])) {
        throw new DexterError(
          'DEXTER_ERR_WEBHOOK_SIGNATURE',
          'Sentry-Hook-Signature does not match the body',
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new DexterError('DEXTER_ERR_VALIDATION', 'the webhook body is not JSON');
      }
      if (pending >= maxPending) {
        throw new DexterError('DEXTER_ERR_RATE_LIMITED', 'too many webhooks in progress; retry later');
      }
      const resource = String(request.headers['sentry-hook-resource'] ?? '');
      pending += 1;
      setImmediate(() => {
        handleDelivery(resource, raw, body)
          .catch((error: unknown) => request.log.warn({ err: error }, 'webhook not processed'))
          .finally(() => {
            pending -= 1;
          });
      });
      return reply.code(202).send({ accepted: true });
    },
  );
}
