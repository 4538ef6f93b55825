/**
 * Prometheus metrics at `/metrics`. Protected: with `DEXTER_METRICS_TOKEN` set, only a request
 * bearing it gets in; without one, only clients on the loopback interface (a scraper on the same
 * host or sidecar) do. Everyone else gets a 404, which reveals nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface MetricsPluginOptions {
  registry: Registry;
  token: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export async function metricsPlugin(
  app: FastifyInstance,
  { registry, token }: MetricsPluginOptions,
): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const allowed = token
      ? tokenMatches(request.headers.authorization, token)
      : LOOPBACK.has(request.socket.remoteAddress ?? '');
    if (!allowed) {
      return reply
        .code(404)
        .send({ error: { code: 'DEXTER_ERR_NOT_FOUND', message: 'Not found', requestId: request.id } });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
