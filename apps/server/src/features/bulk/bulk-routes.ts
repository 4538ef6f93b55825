/**
 * `/api/v1/organizations/{org}/bulk-jobs`: preview a selection's size, start a job (202; it runs
 * in the background), list jobs, read one job's progress and its per-issue results, and retry the
 * failed issues. Creating takes up to 100,000 ids, hence its own body limit.
 */
import { setMaxListeners } from 'node:events';
import {
  BulkJobCreateSchema,
  BulkJobItemListSchema,
  BulkJobItemsQuerySchema,
  BulkJobListSchema,
  BulkJobSchema,
  BulkPreviewSchema,
  BulkSelectionSchema,
  MAX_BULK_IDS,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BulkJobsService } from './bulk-jobs-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const JobParams = OrgParams.extend({ jobId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
/**
 * What the largest selection needs and no more: 100,000 ids of up to 20 digits, quoted and
 * comma-separated (23 bytes each), plus 64 KiB for the action. The README's request-size row
 * names this exception to the 64 KiB of other `/api/v1` bodies.
 */
export const BULK_BODY_LIMIT = MAX_BULK_IDS * 23 + 64 * 1024;

export const bulkRoutes: FastifyPluginAsyncZod<{ bulk: BulkJobsService }> = async (app, { bulk }) => {
  const tags = ['bulk-jobs'];
  const base = '/organizations/:org/bulk-jobs';

  app.post(
    `${base}/preview`,
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        operationId: 'bulkJobs.preview',
        tags,
        params: OrgParams,
        body: BulkSelectionSchema,
        response: { 200: BulkPreviewSchema },
      },
    },
    async (request, reply) => {
      // A client that gives up stops the walk (a large search can take many upstream pages).
      const aborted = new AbortController();
      // One listener per issue looked up while previewing; each goes when its lookup settles.
      setMaxListeners(0, aborted.signal);
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) aborted.abort();
      });
      return bulk.preview(request.params.org, request.body, aborted.signal);
    },
  );

  app.post(
    base,
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        operationId: 'bulkJobs.create',
        tags,
        params: OrgParams,
        body: BulkJobCreateSchema,
        response: { 202: BulkJobSchema },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      const user = principal
        ? { id: principal.user.id, name: principal.user.username, kind: principal.kind }
        : null;
      const job = await bulk.create(request.params.org, request.body, user);
      request.audit.targets.jobId = String(job.id);
      request.audit.detail = { action: job.action, selection: job.selection };
      return reply.code(202).send(job);
    },
  );

  app.get(
    base,
    {
      schema: { operationId: 'bulkJobs.list', tags, params: OrgParams, response: { 200: BulkJobListSchema } },
    },
    async (request) => ({ jobs: await bulk.list(request.params.org) }),
  );

  app.get(
    `${base}/:jobId`,
    { schema: { operationId: 'bulkJobs.get', tags, params: JobParams, response: { 200: BulkJobSchema } } },
    async (request) => bulk.get(request.params.org, request.params.jobId),
  );

  app.get(
    `${base}/:jobId/items`,
    {
      schema: {
        operationId: 'bulkJobs.items',
        tags,
        params: JobParams,
        querystring: BulkJobItemsQuerySchema,
        response: { 200: BulkJobItemListSchema },
      },
    },
    async (request) => bulk.items(request.params.org, request.params.jobId, request.query),
  );

  app.post(
    `${base}/:jobId/retry-failed`,
    {
      schema: {
        operationId: 'bulkJobs.retryFailed',
        tags,
        params: JobParams,
        response: { 200: BulkJobSchema },
      },
    },
    async (request) => bulk.retryFailed(request.params.org, request.params.jobId),
  );
};
