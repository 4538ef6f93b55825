/**
 * `/api/v1` exports, streamed as the upstream pages arrive: every issue of a search
 * (`…/issues/export`) and every event of an issue (`…/issues/{id}/events/export`), as CSV, a JSON
 * array or NDJSON, with a `Content-Disposition` filename. The first page is fetched before the
 * answer starts, so a bad query or a missing issue is a proper error; a failure later can only
 * cut the stream short (the log says why).
 */
import { Readable } from 'node:stream';
import {
  EVENT_EXPORT_COLUMNS,
  EventExportQuerySchema,
  type ExportFormat,
  ISSUE_EXPORT_COLUMNS,
  IssueExportQuerySchema,
} from '@dexter/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_TYPES, exportFilename, exportText, primed } from '../../lib/export-format';
import type { ExportService } from './export-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const IssueParams = OrgParams.extend({
  issueId: z.string().regex(/^\d{1,20}$/, 'must be a numeric issue id'),
});

function stream(reply: FastifyReply, text: AsyncIterable<string>, format: ExportFormat, filename: string) {
  const body = Readable.from(text);
  body.on('error', (error) => reply.log.warn({ err: error }, 'export stopped before its end'));
  return reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export const exportRoutes: FastifyPluginAsyncZod<{ exports: ExportService }> = async (app, { exports }) => {
  app.get(
    '/organizations/:org/issues/export',
    {
      schema: {
        operationId: 'issues.export',
        tags: ['issues'],
        params: OrgParams,
        querystring: IssueExportQuerySchema,
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const rows = await primed(exports.issues(request.params.org, query));
      const filename = exportFilename('issues', request.params.org, format);
      return stream(reply, exportText(rows, ISSUE_EXPORT_COLUMNS, format), format, filename);
    },
  );

  app.get(
    '/organizations/:org/issues/:issueId/events/export',
    {
      schema: {
        operationId: 'events.export',
        tags: ['issues'],
        params: IssueParams,
        querystring: EventExportQuerySchema,
      },
    },
    async (request, reply) => {
      const { org, issueId } = request.params;
      const { format } = request.query;
      const rows = await primed(exports.events(org, issueId));
      const filename = exportFilename(`issue-${issueId}-events`, org, format);
      return stream(reply, exportText(rows, EVENT_EXPORT_COLUMNS, format), format, filename);
    },
  );
};
