/**
 * Compresses a route's large JSON answers for clients that accept it (brotli, else gzip), as an
 * `onSend` hook in the routes' plugin: a 10,000-span trace is megabytes of repetitive JSON that
 * compress about tenfold, which is most of its transfer time on a real network. Dexter has no
 * compression plugin (`@fastify/compress` is not a dependency) and only a few answers are this
 * large, so this is kept to them. Small answers go as they are: under `minBytes` the work costs
 * more than the bytes it saves. Brotli at quality 4 and gzip at level 5 are the fast settings
 * that still get most of the ratio.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const COMPRESS_MIN_BYTES = 16 * 1024;

/** The encoding to answer with: `br` or `gzip` when the client accepts it (q > 0), else null. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

export function compressLargeAnswers(app: FastifyInstance, { minBytes = COMPRESS_MIN_BYTES } = {}): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    reply.header('vary', 'accept-encoding');
    if (Buffer.byteLength(payload) < minBytes || reply.hasHeader('content-encoding')) return payload;
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (encoding === null) return payload;
    const compressed =
      encoding === 'br'
        ? await brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
        : await gzipAsync(payload, { level: 5 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return compressed;
  });
}
