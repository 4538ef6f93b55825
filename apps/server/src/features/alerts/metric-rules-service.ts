/**
 * Dexter's metric alert API over whichever upstream serves it, one code path: rules are read and
 * written through the Sentry client's legacy metric alert resource (the built-in store serves it;
 * so do older self-hosted servers) and mapped to and from the metric model. Webhook targets pass
 * the SSRF guard first. The 14-day preview is computed by the built-in store's own evaluation
 * code through its alerts port; with a Sentry upstream there is none yet, and the answer says so.
 */
import {
  fromLegacyMetricAlert,
  type MetricAlertRule,
  type MetricRuleView,
  parseMetricAlertRule,
  type RuleProblem,
  toLegacyMetricAlert,
} from '@dexter/contracts';
import { SentryApiError, type SentryClient } from '@dexter/sentry-client';
import { MetricQueryError, type StoreAlertsPort } from '@dexter/store';
import { DexterError } from '../../errors/error-codes';
import type { AlertOutbox } from './alert-outbox';

const refuse = (problems: RuleProblem[]) =>
  new DexterError(
    'DEXTER_ERR_VALIDATION',
    problems.map((p) => `${p.field || 'rule'}: ${p.message}`).join('; '),
    { fields: problems },
  );

/** The keys of a legacy metric rule body; the rest of a response (id, dates…) is not the rule. */
const LEGACY_BODY_KEYS = [
  'name',
  'aggregate',
  'dataset',
  'queryType',
  'eventTypes',
  'query',
  'timeWindow',
  'projects',
  'environment',
  'thresholdType',
  'resolveThreshold',
  'comparisonDelta',
  'triggers',
  'status',
];

async function legacyApi<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SentryApiError && error.status === 410)
      throw new DexterError(
        'DEXTER_ERR_UPSTREAM_REJECTED',
        'This Sentry no longer serves the legacy metric alert API (sentry.io since 2026-05, unless the ' +
          'organization is flagged); metric alerts over its detectors API are not supported by Dexter yet',
      );
    throw error;
  }
}

export function createMetricRulesService(deps: {
  sentry: Pick<SentryClient, 'metricAlertRules'>;
  checkTargets: (actions: MetricAlertRule['actions']) => Promise<void>;
  outbox: Pick<AlertOutbox, 'fireCounts'>;
  store: Pick<StoreAlertsPort, 'previewMetric'> | null;
  /** Dexter's Sentry App id upstream (1 on the built-in store), or null. */
  dexterAppId: number | null;
}) {
  async function legacyBody(project: string, input: unknown): Promise<Record<string, unknown>> {
    const rule = parse(input);
    await deps.checkTargets(rule.actions);
    const mapped = toLegacyMetricAlert(rule, { project, dexterAppId: deps.dexterAppId });
    if (!mapped.ok) throw refuse(mapped.problems);
    return { ...mapped.body, status: rule.enabled ? 0 : 1 };
  }

  function parse(input: unknown): MetricAlertRule {
    const parsed = parseMetricAlertRule(input);
    if ('problems' in parsed) throw refuse(parsed.problems);
    return parsed.rule;
  }

  function viewOf(
    project: string,
    legacy: Record<string, unknown> & { id: string },
    counts: Map<number, number>,
  ) {
    const body = Object.fromEntries(Object.entries(legacy).filter(([key]) => LEGACY_BODY_KEYS.includes(key)));
    const read = fromLegacyMetricAlert(body);
    if (!('input' in read)) return null;
    const parsed = parseMetricAlertRule(read.input);
    if (!('rule' in parsed)) return null;
    return { id: legacy.id, project, rule: parsed.rule, fireCount: counts.get(Number(legacy.id)) ?? 0 };
  }

  const unreadable = () =>
    new DexterError('DEXTER_ERR_UPSTREAM_BAD_RESPONSE', 'the metric rule came back unreadable');

  return {
    async list(org: string, project: string) {
      const { data } = await legacyApi(() => deps.sentry.metricAlertRules.list(org));
      const mine = data.filter((rule) => rule.projects.includes(project));
      const counts = await deps.outbox.fireCounts(org, mine.map((r) => Number(r.id)).filter(Number.isFinite));
      const views = mine.map((rule) => viewOf(project, rule, counts));
      return {
        items: views.filter((v): v is MetricRuleView => v !== null),
        unsupported: views.filter((v) => v === null).length,
      };
    },
    async create(org: string, project: string, input: unknown): Promise<MetricRuleView> {
      const body = await legacyBody(project, input);
      const created = await legacyApi(() => deps.sentry.metricAlertRules.create(org, body));
      return viewOf(project, created, new Map()) ?? Promise.reject(unreadable());
    },
    async update(org: string, project: string, ruleId: string, input: unknown): Promise<MetricRuleView> {
      const body = await legacyBody(project, input);
      const updated = await legacyApi(() => deps.sentry.metricAlertRules.update(org, ruleId, body));
      const counts = await deps.outbox.fireCounts(org, [Number(ruleId)]);
      return viewOf(project, updated, counts) ?? Promise.reject(unreadable());
    },
    remove: (org: string, ruleId: string) =>
      legacyApi(() => deps.sentry.metricAlertRules.delete(org, ruleId)),
    async preview(org: string, project: string, input: unknown) {
      const rule = parse(input);
      if (!deps.store)
        throw new DexterError(
          'DEXTER_ERR_VALIDATION',
          'a metric preview is computed by the built-in store; with a Sentry upstream there is none yet',
        );
      const preview = await deps.store.previewMetric(org, project, rule).catch((error: unknown) => {
        if (error instanceof MetricQueryError) throw refuse([{ field: 'query', message: error.message }]);
        throw error;
      });
      if (!preview) throw new DexterError('DEXTER_ERR_NOT_FOUND', `no project ${project} in ${org}`);
      return preview;
    },
  };
}

export type MetricRulesService = ReturnType<typeof createMetricRulesService>;
