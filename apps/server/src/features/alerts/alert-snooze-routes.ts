/**
 * `/api/v1` rule snoozes: while a rule is snoozed its firings are kept in the history as `snoozed`
 * and nothing is sent. Until a time (`until`) or for some hours (`hours`); a time in the past is
 * refused naming the field.
 */
import { AlertSnoozeBodySchema, AlertSnoozeListSchema, AlertSnoozeSchema } from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';
import type { AlertSnoozes } from './alert-snoozes';

const slug = z.string().min(1).max(100);
const SnoozeParams = z.object({
  org: slug,
  kind: z.enum(['issue', 'metric']),
  ruleId: z.string().regex(/^\d{1,15}$/),
});
const view = (row: { kind: 'issue' | 'metric'; rule_id: string; until: number }) => ({
  kind: row.kind,
  ruleId: row.rule_id,
  until: new Date(Number(row.until)).toISOString(),
});

export const alertSnoozeRoutes: FastifyPluginAsyncZod<{ snoozes: AlertSnoozes; now: () => number }> = async (
  app,
  { snoozes, now },
) => {
  app.get(
    '/organizations/:org/alerts/snoozes',
    {
      schema: {
        operationId: 'alerts.snoozes.list',
        tags: ['alerts'],
        params: z.object({ org: slug }),
        response: { 200: AlertSnoozeListSchema },
      },
    },
    async (request) => ({ items: (await snoozes.active(request.params.org, now())).map(view) }),
  );

  app.put(
    '/organizations/:org/alerts/snoozes/:kind/:ruleId',
    {
      schema: {
        operationId: 'alerts.snoozes.set',
        tags: ['alerts'],
        params: SnoozeParams,
        body: AlertSnoozeBodySchema,
        response: { 200: AlertSnoozeSchema },
      },
    },
    async (request) => {
      const { org, kind, ruleId } = request.params;
      const at = now();
      const until =
        request.body.hours !== undefined
          ? at + request.body.hours * 3_600_000
          : Date.parse(request.body.until ?? '');
      if (!(until > at))
        throw new DexterError('DEXTER_ERR_VALIDATION', 'until: must be in the future', {
          fields: [{ field: 'until', message: 'must be in the future' }],
        });
      const row = { org, kind, rule_id: ruleId, until, created_by: null, created_at: at };
      await snoozes.set(row);
      return view(row);
    },
  );

  app.delete(
    '/organizations/:org/alerts/snoozes/:kind/:ruleId',
    { schema: { operationId: 'alerts.snoozes.clear', tags: ['alerts'], params: SnoozeParams } },
    async (request, reply) => {
      await snoozes.clear(request.params.org, request.params.kind, request.params.ruleId);
      return reply.code(204).send();
    },
  );
};
