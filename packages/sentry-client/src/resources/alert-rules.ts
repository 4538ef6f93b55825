/**
 * Issue alert rules of a project through Sentry's legacy rules endpoints
 * (`/projects/{org}/{project}/rules/`, spec@59279fd L47049 and L47619): what the built-in store
 * serves and what older self-hosted Sentry serves. sentry.io answers them with 410 unless the
 * organization is flagged; its workflows API is not wired yet. Bodies are the legacy shape, which
 * `@dexter/contracts` maps to and from Dexter's rule model. Lenient: every field may be missing.
 */
import { z } from 'zod';
import { apiPath } from '../api-path';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

const items = z.array(z.record(z.string(), z.unknown())).catch([]);

export const LegacyRuleSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string().catch(''),
  conditions: items,
  filters: items,
  actions: items,
  actionMatch: z.string().catch('any'),
  filterMatch: z.string().nullish(),
  frequency: z.coerce.number().catch(30),
  environment: z.string().nullish(),
  status: z.string().nullish(),
  lastTriggered: z.string().nullish(),
});
export type LegacyRule = z.infer<typeof LegacyRuleSchema>;

export function alertRulesResource(transport: Transport) {
  return {
    async list(org: string, project: string, options: CallOptions = {}) {
      const req: UpstreamRequest = {
        operation: 'alertRules.list',
        method: 'GET',
        path: apiPath`/api/0/projects/${org}/${project}/rules/`,
        query: { per_page: 100 },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(LegacyRuleSchema, req, await transport(req));
    },

    async create(org: string, project: string, body: Record<string, unknown>, options: CallOptions = {}) {
      const req: UpstreamRequest = {
        operation: 'alertRules.create',
        method: 'POST',
        path: apiPath`/api/0/projects/${org}/${project}/rules/`,
        body,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(LegacyRuleSchema, req, await transport(req));
    },

    async update(
      org: string,
      project: string,
      ruleId: string,
      body: Record<string, unknown>,
      options: CallOptions = {},
    ) {
      const req: UpstreamRequest = {
        operation: 'alertRules.update',
        method: 'PUT',
        path: apiPath`/api/0/projects/${org}/${project}/rules/${ruleId}/`,
        body,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(LegacyRuleSchema, req, await transport(req));
    },

    async delete(org: string, project: string, ruleId: string, options: CallOptions = {}): Promise<void> {
      await transport({
        operation: 'alertRules.delete',
        method: 'DELETE',
        path: apiPath`/api/0/projects/${org}/${project}/rules/${ruleId}/`,
        signal: options.signal,
        priority: options.priority,
      });
    },
  };
}
