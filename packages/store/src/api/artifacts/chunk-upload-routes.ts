/**
 * `GET|POST /api/0/organizations/{org}/chunk-upload/`: the first two steps of
 * `sentry-cli sourcemaps upload`. The GET tells the CLI where and how to send chunks; its `url`
 * must be absolute and point at this server (the CLI posts wherever it says, with its token), so it
 * is built from the store's public URL (`baseUrlOf`), never from a Host header a client could forge.
 * The POST takes one multipart part per chunk
 * (`chunk-validation.ts`) and keeps them until an assemble names them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, baseUrlOf, findOrganization } from '../http/api-context';
import { ARTIFACT_LIMITS } from './artifact-limits';
import { ChunkError, type DecodedChunk, decodeChunk } from './chunk-validation';

type OrgRoute = { Params: { org: string } };

/** sentry-cli shows `error` (or `detail`) of a 4xx; Sentry's chunk endpoint answers `{"error"}`. */
export const uploadError = (message: string) => new ApiError(400, message, { error: message });

export async function chunkUploadRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const path = '/api/0/organizations/:org/chunk-upload/';

  app.get<OrgRoute>(path, async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    return {
      url: `${baseUrlOf(request)}/api/0/organizations/${encodeURIComponent(org.slug)}/chunk-upload/`,
      chunkSize: ARTIFACT_LIMITS.chunkSize,
      chunksPerRequest: ARTIFACT_LIMITS.chunksPerRequest,
      maxFileSize: ARTIFACT_LIMITS.maxFileSize,
      maxRequestSize: ARTIFACT_LIMITS.maxRequestSize,
      concurrency: ARTIFACT_LIMITS.concurrency,
      hashAlgorithm: 'sha1',
      // zstd is not offered: sentry-cli 3.8 sends raw parts then, and gzip keeps uploads small.
      compression: ['gzip'],
      accept: ['artifact_bundles', 'artifact_bundles_v2'],
    };
  });

  app.post<OrgRoute>(path, async (request, reply) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    if (!request.isMultipart()) throw uploadError('chunks are sent as multipart/form-data');
    const chunks = await readChunks(request);
    if (chunks.length > 0) await saveChunks(ctx, org.id, chunks);
    return reply.code(200).send();
  });
}

async function readChunks(request: FastifyRequest): Promise<DecodedChunk[]> {
  const encoding = request.headers['content-encoding'];
  const chunks: DecodedChunk[] = [];
  const fields = new Set<string>();
  let received = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new ChunkError(`a chunk exceeds ${ARTIFACT_LIMITS.chunkSize} bytes`);
      received += bytes.length;
      if (received > ARTIFACT_LIMITS.maxRequestSize)
        throw new ChunkError(`request exceeds ${ARTIFACT_LIMITS.maxRequestSize} bytes of chunks`);
      fields.add(part.fieldname);
      if (fields.size > 1) throw new ChunkError('a request mixes "file" and "file_gzip" parts');
      if (chunks.length >= ARTIFACT_LIMITS.chunksPerRequest)
        throw new ChunkError(`at most ${ARTIFACT_LIMITS.chunksPerRequest} chunks per request`);
      chunks.push(
        decodeChunk(
          { field: part.fieldname, filename: part.filename, bytes },
          Array.isArray(encoding) ? encoding[0] : encoding,
          ARTIFACT_LIMITS.chunkSize,
        ),
      );
    }
  } catch (error) {
    if (error instanceof ChunkError) throw uploadError(error.message);
    const status = (error as { statusCode?: number }).statusCode;
    // @fastify/multipart's limits (413) and malformed bodies (400/406): the part limits named.
    if (status !== undefined && status >= 400 && status < 500)
      throw uploadError(
        status === 413
          ? `a chunk exceeds ${ARTIFACT_LIMITS.chunkSize} bytes, or a request ${ARTIFACT_LIMITS.chunksPerRequest} chunks`
          : `invalid multipart body: ${(error as Error).message}`,
      );
    throw error;
  }
  return chunks;
}

async function saveChunks(ctx: ApiContext, organizationId: number, chunks: DecodedChunk[]) {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    // Chunks an assemble never asked for (an aborted upload) go after an hour.
    await trx
      .deleteFrom('file_chunks')
      .where('date_created', '<', now - ARTIFACT_LIMITS.chunkTtlMs)
      .execute();
    for (const chunk of chunks) {
      await trx
        .insertInto('file_chunks')
        .values({
          organization_id: organizationId,
          checksum: chunk.checksum,
          data: chunk.data,
          size: chunk.data.length,
          date_created: now,
        })
        .onConflict((oc) => oc.columns(['organization_id', 'checksum']).doUpdateSet({ date_created: now }))
        .execute();
    }
  });
}
