/**
 * `/api/v1/audit`: the audit log for admins, filtered and paged, and exported as CSV or JSON
 * (streamed, every matching entry). CSV cells that a spreadsheet would run as a formula are
 * prefixed with a quote, so an attacker-chosen user name cannot become code in the admin's sheet.
 */
import { Readable } from 'node:stream';
import { type AuditEntry, AuditListSchema, AuditQuerySchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvCell } from '../../lib/csv-cell';
import type { AuditService } from '../../security/audit/audit-service';

const CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'actorKind',
  'action',
  'targets',
  'result',
  'status',
  'sourceIp',
  'requestId',
  'detail',
];

const csvRow = (e: AuditEntry) =>
  [
    e.id,
    e.at,
    e.actor.name,
    e.actor.kind,
    e.action,
    e.targets,
    e.result,
    e.status,
    e.sourceIp,
    e.requestId,
    e.detail,
  ]
    .map(csvCell)
    .join(',');

async function* exportLines(entries: AsyncIterable<AuditEntry>, format: 'csv' | 'json') {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  else yield '[';
  let first = true;
  for await (const entry of entries) {
    yield format === 'csv' ? `${csvRow(entry)}\n` : `${first ? '' : ','}\n${JSON.stringify(entry)}`;
    first = false;
  }
  if (format === 'json') yield '\n]\n';
}

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
  const tags = ['audit'];

  app.get(
    '/audit',
    {
      schema: {
        operationId: 'audit.list',
        tags,
        querystring: AuditQuerySchema,
        response: { 200: AuditListSchema },
      },
    },
    async (request) => audit.list(request.query),
  );

  app.get(
    '/audit/export',
    {
      config: { audit: true },
      schema: {
        operationId: 'audit.export',
        tags,
        querystring: AuditQuerySchema.omit({ cursor: true, limit: true }).extend({
          format: z.enum(['csv', 'json']).default('csv'),
        }),
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      request.audit.detail = { format, ...query };
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="dexter-audit-${stamp}.${format}"`)
        .send(Readable.from(exportLines(audit.all(query), format)));
    },
  );
};
