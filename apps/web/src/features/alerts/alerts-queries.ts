/**
 * What the alerts page asks of the server: a project's rules (with last fired and fire counts) and
 * the delivery history, one key factory; creating and deleting a rule drop the project's rules.
 */
import { AlertHistorySchema, AlertRuleListSchema, AlertRuleViewSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath, withQuery } from '../../api/api-path';
import { apiDelete, apiGet, apiPost, apiPut } from '../../api/http';

export const alertKeys = {
  all: ['alerts'] as const,
  rules: (org: string, project: string) => [...alertKeys.all, org, 'rules', project] as const,
  history: (org: string, rule: string | null) => [...alertKeys.all, org, 'history', rule] as const,
};

export const alertRulesQueryOptions = (org: string, project: string) =>
  queryOptions({
    queryKey: alertKeys.rules(org, project),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/projects/${project}/alert-rules`, AlertRuleListSchema, signal),
  });

export const alertHistoryQueryOptions = (org: string, rule: string | null) =>
  queryOptions({
    queryKey: alertKeys.history(org, rule),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/alerts/history`, { rule: rule ?? undefined, limit: 50 }),
        AlertHistorySchema,
        signal,
      ),
  });

export const createAlertRule = (org: string, project: string, rule: unknown) =>
  apiPost(apiPath`/organizations/${org}/projects/${project}/alert-rules`, rule, AlertRuleViewSchema);

export const updateAlertRule = (org: string, project: string, ruleId: string, rule: unknown) =>
  apiPut(apiPath`/organizations/${org}/projects/${project}/alert-rules/${ruleId}`, rule, AlertRuleViewSchema);

export const deleteAlertRule = (org: string, project: string, ruleId: string) =>
  apiDelete(apiPath`/organizations/${org}/projects/${project}/alert-rules/${ruleId}`, z.unknown());
