/**
 * What the alerts page asks of the server: a project's rules (with last fired and fire counts) and
 * the delivery history, one key factory; creating and deleting a rule drop the project's rules.
 */
import {
  AlertHistorySchema,
  AlertRuleListSchema,
  AlertRuleViewSchema,
  AlertSnoozeListSchema,
  AlertSnoozeSchema,
  MetricPreviewSchema,
  MetricRuleListSchema,
  MetricRuleViewSchema,
} from '@dexter/contracts';
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

export const metricRulesQueryOptions = (org: string, project: string) =>
  queryOptions({
    queryKey: [...alertKeys.all, org, 'metric-rules', project] as const,
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/projects/${project}/metric-alerts`, MetricRuleListSchema, signal),
  });

/** Where `rule` would have fired over 14 days; the key holds the rule, so each edit asks anew. */
export const metricPreviewQueryOptions = (org: string, project: string, rule: unknown) =>
  queryOptions({
    queryKey: [...alertKeys.all, org, 'metric-preview', project, JSON.stringify(rule)] as const,
    queryFn: () =>
      apiPost(
        apiPath`/organizations/${org}/projects/${project}/metric-alerts/preview`,
        rule,
        MetricPreviewSchema,
      ),
    retry: false,
  });

export const createMetricRule = (org: string, project: string, rule: unknown) =>
  apiPost(apiPath`/organizations/${org}/projects/${project}/metric-alerts`, rule, MetricRuleViewSchema);

export const updateMetricRule = (org: string, project: string, ruleId: string, rule: unknown) =>
  apiPut(
    apiPath`/organizations/${org}/projects/${project}/metric-alerts/${ruleId}`,
    rule,
    MetricRuleViewSchema,
  );

export const deleteMetricRule = (org: string, project: string, ruleId: string) =>
  apiDelete(apiPath`/organizations/${org}/projects/${project}/metric-alerts/${ruleId}`, z.unknown());

export const snoozesQueryOptions = (org: string) =>
  queryOptions({
    queryKey: [...alertKeys.all, org, 'snoozes'] as const,
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/alerts/snoozes`, AlertSnoozeListSchema, signal),
  });

export const snoozeRule = (org: string, kind: 'issue' | 'metric', ruleId: string, hours: number) =>
  apiPut(apiPath`/organizations/${org}/alerts/snoozes/${kind}/${ruleId}`, { hours }, AlertSnoozeSchema);

export const unsnoozeRule = (org: string, kind: 'issue' | 'metric', ruleId: string) =>
  apiDelete(apiPath`/organizations/${org}/alerts/snoozes/${kind}/${ruleId}`, z.unknown());
