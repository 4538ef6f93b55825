/**
 * Sentry counts an answer slower than 1 s as a failed delivery: the route answers once the
 * signature holds, before any of the processing (here a redelivery check that never finishes).
 */
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { issuePayload, signedDelivery } from '../../testing/webhook-test-payloads';
import { webhooksRoutes } from './webhooks-routes';

describe('webhooksRoutes', () => {
  it('answers 202 without waiting for the delivery to be processed', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    const processing: string[] = [];
    await app.register(webhooksRoutes, {
      secret: 'a secret of sixteen or more',
      dedupe: {
        firstTime: (key) => {
          processing.push(key);
          return new Promise<boolean>(() => {});
        },
      },
      publish: () => {
        throw new Error('nothing is published before the redelivery check');
      },
      org: () => 'acme',
    });
    const { body, headers } = signedDelivery(
      'a secret of sixteen or more',
      'issue',
      issuePayload('created', '1'),
    );
    const response = await app.inject({ method: 'POST', url: '/webhooks/sentry', payload: body, headers });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(processing).toHaveLength(1);
    await app.close();
  });
});
