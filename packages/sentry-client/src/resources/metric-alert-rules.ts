/**
 * Metric alert rules of an organization through Sentry's legacy endpoints
 * (`/organizations/{org}/alert-rules/[{id}/]`, 2026-05-08 spec): what the built-in store serves and
 * older self-hosted Sentry still does. Bodies are the legacy shape, which `@dexter/contracts` maps
 * to and from Dexter's metric model. Lenient: every field may be missing.
 */
import { z } from 'zod';
import { apiPath } from '../api-path';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export const LegacyMetricRuleSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string().catch(''),
  projects: z.array(z.string()).catch([]),
});
export type LegacyMetricRule = z.infer<typeof LegacyMetricRuleSchema>;

export function metricAlertRulesResource(transport: Transport) {
  const call = async (req: UpstreamRequest) => parseBody(LegacyMetricRuleSchema, req, await transport(req));
  return {
    async list(org: string, options: CallOptions = {}) {
      const req: UpstreamRequest = {
        operation: 'metricAlertRules.list',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/alert-rules/`,
        query: { per_page: 100 },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(LegacyMetricRuleSchema, req, await transport(req));
    },

    create: (org: string, body: Record<string, unknown>, options: CallOptions = {}) =>
      call({
        operation: 'metricAlertRules.create',
        method: 'POST',
        path: apiPath`/api/0/organizations/${org}/alert-rules/`,
        body,
        signal: options.signal,
        priority: options.priority,
      }),

    update: (org: string, ruleId: string, body: Record<string, unknown>, options: CallOptions = {}) =>
      call({
        operation: 'metricAlertRules.update',
        method: 'PUT',
        path: apiPath`/api/0/organizations/${org}/alert-rules/${ruleId}/`,
        body,
        signal: options.signal,
        priority: options.priority,
      }),

    async delete(org: string, ruleId: string, options: CallOptions = {}): Promise<void> {
      await transport({
        operation: 'metricAlertRules.delete',
        method: 'DELETE',
        path: apiPath`/api/0/organizations/${org}/alert-rules/${ruleId}/`,
        signal: options.signal,
        priority: options.priority,
      });
    },
  };
}
