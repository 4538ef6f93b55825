/**
 * Source map uploads (`sentry-cli sourcemaps upload`): chunk upload, bundle assembly and the
 * release's file list, in a child scope of their own so the multipart parser stays here.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../http/api-context';
import { ARTIFACT_LIMITS } from './artifact-limits';
import { assembleRoutes } from './assemble-routes';
import { chunkUploadRoutes } from './chunk-upload-routes';
import { releaseFileRoutes } from './release-file-routes';

export async function artifactRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: true,
      limits: {
        fileSize: ARTIFACT_LIMITS.chunkSize,
        files: ARTIFACT_LIMITS.chunksPerRequest,
        parts: ARTIFACT_LIMITS.chunksPerRequest + 16,
        fieldSize: 1024,
      },
    });
    await chunkUploadRoutes(scope, ctx);
    await assembleRoutes(scope, ctx);
    await releaseFileRoutes(scope, ctx);
  });
}
