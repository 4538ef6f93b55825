/**
 * `/api/v1` Discover: a table (`…/discover/events`), a series (`…/discover/events-stats`) and an
 * export of every row of a table (`…/discover/export`, CSV or NDJSON, streamed as the upstream's
 * pages arrive, no row cap; the first page is read before the answer starts, so a bad query is a
 * proper error).
 */
import { Readable } from 'node:stream';
import {
  DiscoverExportQuerySchema,
  DiscoverParamsSchema,
  DiscoverResultSchema,
  DiscoverSeriesSchema,
  DiscoverStatsQuerySchema,
  DiscoverTableQuerySchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CONTENT_TYPES, exportText, primed } from '../../lib/export-format';
import type { DiscoverService } from './discover-service';

const fieldsOf = (field: string | string[] | undefined) => (field === undefined ? [] : [field].flat());

export const discoverRoutes: FastifyPluginAsyncZod<{ discover: DiscoverService }> = async (
  app,
  { discover },
) => {
  app.get(
    '/organizations/:org/discover/events',
    {
      schema: {
        operationId: 'discover.table',
        tags: ['discover'],
        params: DiscoverParamsSchema,
        querystring: DiscoverTableQuerySchema,
        response: { 200: DiscoverResultSchema },
      },
    },
    async (request) => discover.table(request.params.org, request.query),
  );

  app.get(
    '/organizations/:org/discover/events-stats',
    {
      schema: {
        operationId: 'discover.series',
        tags: ['discover'],
        params: DiscoverParamsSchema,
        querystring: DiscoverStatsQuerySchema,
        response: { 200: DiscoverSeriesSchema },
      },
    },
    async (request) => discover.series(request.params.org, request.query),
  );

  app.get(
    '/organizations/:org/discover/export',
    {
      schema: {
        operationId: 'discover.export',
        tags: ['discover'],
        params: DiscoverParamsSchema,
        querystring: DiscoverExportQuerySchema,
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const rows = await primed(discover.rows(request.params.org, query));
      const columns = [...new Set(fieldsOf(query.field))];
      const body = Readable.from(exportText(rows, columns, format));
      body.on('error', (error) => reply.log.warn({ err: error }, 'discover export stopped before its end'));
      return reply
        .type(CONTENT_TYPES[format])
        .header(
          'content-disposition',
          `attachment; filename="discover-${request.params.org}.${format === 'csv' ? 'csv' : 'jsonl'}"`,
        )
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
};
