/**
 * Serves the built React bundle and falls back to `index.html` for client-side routes, so a
 * reload of `/dexter/issues/42` works. API paths never fall back: they get the JSON 404.
 *
 * `index.html` is sent with a fresh CSP nonce filled in (`<meta name="csp-nonce">` and its inline
 * boot script) and a policy that allows it; Mantine puts the nonce on the `<style>` elements it
 * creates, so the CSP needs no 'unsafe-inline'. It is never stored (`no-store`), since the nonce
 * differs on every answer; it holds no data of anyone's (the boot script asks the API for that).
 *
 * Built assets are sent as the build precompressed them (`.br`, else `.gz`, as the browser
 * accepts; apps/web/vite.config.ts) and, under `/assets/` where every name carries a content hash,
 * cached for a year as immutable: a new build has new names. Other files revalidate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cspWithPageNonce } from './security-headers';

export const CSP_NONCE_PLACEHOLDER = '__DEXTER_CSP_NONCE__';
/** Vite's output names under `/assets/` carry a hash of their content. */
export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
export const UNHASHED_FILE_CACHE = 'no-cache';

export async function webAppPlugin(app: FastifyInstance, { distDir }: { distDir: string }): Promise<void> {
  const indexPath = join(distDir, 'index.html');
  if (!existsSync(indexPath)) {
    app.log.warn({ distDir }, 'web bundle not built; run `npm run build:web` to serve the UI');
    return;
  }
  const indexHtml = readFileSync(indexPath, 'utf8');
  const assetsDir = `${join(distDir, 'assets')}${sep}`;
  const sendIndex = (reply: FastifyReply) => {
    const { nonce, policy } = cspWithPageNonce();
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', policy)
      .send(indexHtml.replaceAll(CSP_NONCE_PLACEHOLDER, nonce));
  };

  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      const hashed = path.startsWith(assetsDir);
      reply.header('cache-control', hashed ? HASHED_ASSET_CACHE : UNHASHED_FILE_CACHE);
    },
    // The raw file has no nonce: it is only ever sent through sendIndex.
    allowedPath: (path) => path !== '/index.html',
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/')) {
      return reply.code(404).send({
        error: { code: 'DEXTER_ERR_NOT_FOUND', message: `No route for GET ${path}`, requestId: request.id },
      });
    }
    return sendIndex(reply);
  });
}
