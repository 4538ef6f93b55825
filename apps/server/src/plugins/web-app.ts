/**
 * Serves the built React bundle and falls back to `index.html` for client-side routes, so a
 * reload of `/dexter/issues/42` works. API paths never fall back: they get the JSON 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export async function webAppPlugin(app: FastifyInstance, { distDir }: { distDir: string }): Promise<void> {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.log.warn({ distDir }, 'web bundle not built; run `npm run build:web` to serve the UI');
    return;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: ['index.html'] });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/')) {
      return reply.code(404).send({
        error: { code: 'DEXTER_ERR_NOT_FOUND', message: `No route for GET ${path}`, requestId: request.id },
      });
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
