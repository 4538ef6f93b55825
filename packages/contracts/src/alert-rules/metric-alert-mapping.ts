/**
 * The metric alert model <-> Sentry's two metric alerting APIs:
 * - legacy metric alert rules (`POST /organizations/{org}/alert-rules/`, 2026-05-08 spec; what older
 *   self-hosted servers and the built-in store serve), `toLegacyMetricAlert` / `fromLegacyMetricAlert`;
 * - the current API: a `metric_issue` detector (`POST …/projects/{project}/detectors/`) and the
 *   workflow holding its actions, as Sentry's own migration maps a metric rule (wave2 §5.3):
 *   critical -> condition result 75, warning -> 50, resolve -> 0; each level's actions sit in an
 *   action filter `issue_priority_greater_or_equal` + `issue_priority_deescalating`.
 *
 * Units: the model keeps rates in percent. Sentry's crash-free aggregate
 * (`_crash_rate_alert_aggregate`) is in percent too; `failure_rate()` is a 0-1 ratio, so its static
 * thresholds are divided by 100 on the way out and multiplied back on the way in.
 */
import type { AlertAction, RuleProblem } from './alert-rule-model';
import {
  actionFromDexterAppSettings,
  dexterAppSettings,
  type Mapped,
  needsDexterApp,
} from './legacy-rule-mapping';
import { type MetricAggregate, type MetricAlertRule, resolveThreshold } from './metric-alert-model';

export interface MetricMappingContext {
  /** The project slug the rule watches (legacy rules name it in `projects`). */
  project: string;
  /** The id of Dexter's Sentry App upstream (metric trigger actions name apps by integer id), or null. */
  dexterAppId: number | null;
}

interface AggregateShape {
  queryType: 0 | 1 | 2;
  dataset: string;
  aggregate: string;
  eventTypes?: string[];
}

/** The 2026-05-08 spec's "Metric Alert Rule Types". */
const LEGACY_SHAPES: Record<MetricAggregate, AggregateShape> = {
  event_count: { queryType: 0, dataset: 'events', aggregate: 'count()', eventTypes: ['error', 'default'] },
  users: {
    queryType: 0,
    dataset: 'events',
    aggregate: 'count_unique(user)',
    eventTypes: ['error', 'default'],
  },
  failure_rate: {
    queryType: 1,
    dataset: 'transactions',
    aggregate: 'failure_rate()',
    eventTypes: ['transaction'],
  },
  crash_free_rate: {
    queryType: 2,
    dataset: 'metrics',
    aggregate: 'percentage(sessions_crashed, sessions) AS _crash_rate_alert_aggregate',
  },
};

/** The current spec's detector data sources ("Failure Rate Metric Monitor" reads spans). */
const DETECTOR_SHAPES: Record<MetricAggregate, AggregateShape> = {
  event_count: LEGACY_SHAPES.event_count,
  users: { ...LEGACY_SHAPES.users, aggregate: 'count_unique(tags[sentry:user])' },
  failure_rate: {
    queryType: 1,
    dataset: 'events_analytics_platform',
    aggregate: 'failure_rate()',
    eventTypes: ['trace_item_span'],
  },
  // Sentry's migration copies a crash rate rule's snuba query to its detector as it is.
  crash_free_rate: LEGACY_SHAPES.crash_free_rate,
};

const outward = (rule: MetricAlertRule, value: number) =>
  rule.aggregate === 'failure_rate' && rule.detection.type === 'static' ? value / 100 : value;

export interface LegacyMetricAlertBody {
  name: string;
  aggregate: string;
  dataset: string;
  queryType: number;
  eventTypes?: string[];
  query: string;
  timeWindow: number;
  projects: string[];
  environment: string | null;
  thresholdType: 0 | 1;
  resolveThreshold: number;
  comparisonDelta?: number;
  triggers: Array<{
    label: 'critical' | 'warning';
    alertThreshold: number;
    actions: Array<Record<string, unknown>>;
  }>;
  status?: number;
}

function triggerActions(
  rule: MetricAlertRule,
  context: MetricMappingContext,
  problems: RuleProblem[],
): Array<Record<string, unknown>> {
  return rule.actions.flatMap((action, i): Array<Record<string, unknown>> => {
    if (action.type === 'email' && action.target.kind === 'member')
      return [{ type: 'email', targetType: 'user', targetIdentifier: action.target.memberId }];
    const settings = dexterAppSettings(action);
    if (context.dexterAppId === null || !settings) {
      problems.push({ field: `actions.${i}`, message: needsDexterApp(action) });
      return [];
    }
    return [
      {
        type: 'sentry_app',
        targetType: 'sentry_app',
        targetIdentifier: context.dexterAppId,
        sentryAppId: context.dexterAppId,
        settings,
      },
    ];
  });
}

export function toLegacyMetricAlert(
  rule: MetricAlertRule,
  context: MetricMappingContext,
): Mapped<LegacyMetricAlertBody> {
  const problems: RuleProblem[] = [];
  const actions = triggerActions(rule, context, problems);
  if (problems.length > 0) return { ok: false, problems };
  const shape = LEGACY_SHAPES[rule.aggregate];
  return {
    ok: true,
    body: {
      name: rule.name,
      ...shape,
      query: rule.query,
      timeWindow: rule.windowMinutes,
      projects: [context.project],
      environment: rule.environment,
      thresholdType: rule.direction === 'above' ? 0 : 1,
      resolveThreshold: outward(rule, resolveThreshold(rule)),
      ...(rule.detection.type === 'percent'
        ? { comparisonDelta: rule.detection.comparisonDeltaMinutes }
        : {}),
      triggers: [
        { label: 'critical', alertThreshold: outward(rule, rule.critical), actions },
        ...(rule.warning === null
          ? []
          : [{ label: 'warning' as const, alertThreshold: outward(rule, rule.warning), actions }]),
      ],
    },
  };
}

export interface MetricDetectorBodies {
  detector: Record<string, unknown> & { type: 'metric_issue' };
  /** The workflow that carries the actions; Sentry links it with `workflow_ids` once created. */
  workflow: Record<string, unknown>;
}

export function toMetricDetector(
  rule: MetricAlertRule,
  context: MetricMappingContext & { dexterApp: string | null },
): Mapped<MetricDetectorBodies> {
  const problems: RuleProblem[] = [];
  const actions = rule.actions.flatMap((action, i) => workflowAction(action, i, context, problems));
  if (problems.length > 0) return { ok: false, problems };
  const shape = DETECTOR_SHAPES[rule.aggregate];
  const above = rule.direction === 'above';
  const condition = (type: string, comparison: number, result: number) => ({
    type,
    comparison: outward(rule, comparison),
    condition_result: result,
  });
  const levelFilter = (priority: number) => ({
    logic_type: 'all',
    conditions: [
      { type: 'issue_priority_greater_or_equal', comparison: priority, condition_result: true },
      { type: 'issue_priority_deescalating', comparison: priority, condition_result: true },
    ],
    actions,
  });
  return {
    ok: true,
    body: {
      detector: {
        name: rule.name.slice(0, 200),
        type: 'metric_issue',
        enabled: rule.enabled,
        data_sources: [
          {
            ...shape,
            query: rule.query,
            timeWindow: rule.windowMinutes * 60,
            environment: rule.environment,
          },
        ],
        config:
          rule.detection.type === 'percent'
            ? { detection_type: 'percent', comparison_delta: rule.detection.comparisonDeltaMinutes * 60 }
            : { detection_type: 'static' },
        condition_group: {
          logic_type: 'any',
          conditions: [
            condition(above ? 'gt' : 'lt', rule.critical, 75),
            ...(rule.warning === null ? [] : [condition(above ? 'gt' : 'lt', rule.warning, 50)]),
            condition(above ? 'lte' : 'gte', resolveThreshold(rule), 0),
          ],
        },
      },
      workflow: {
        name: rule.name,
        enabled: rule.enabled,
        environment: rule.environment,
        config: {},
        triggers: { logic_type: 'any-short', conditions: [] },
        action_filters: [levelFilter(75), ...(rule.warning === null ? [] : [levelFilter(50)])],
      },
    },
  };
}

function workflowAction(
  action: AlertAction,
  index: number,
  context: { dexterApp: string | null },
  problems: RuleProblem[],
): Array<Record<string, unknown>> {
  if (action.type === 'email' && action.target.kind === 'member')
    return [
      { type: 'email', config: { target_type: 'user', target_identifier: action.target.memberId }, data: {} },
    ];
  const settings = dexterAppSettings(action);
  if (!context.dexterApp || !settings) {
    problems.push({ field: `actions.${index}`, message: needsDexterApp(action) });
    return [];
  }
  return [
    {
      type: 'sentry_app',
      config: { target_type: 'sentry_app', target_identifier: context.dexterApp, target_display: 'Dexter' },
      data: { settings },
    },
  ];
}

// --- Legacy body -> model (what the built-in store's `/alert-rules/` endpoints accept) ------------

const AGGREGATE_BY_LEGACY = new Map(
  Object.entries(LEGACY_SHAPES).map(([model, shape]) => [shape.aggregate, model as MetricAggregate]),
);

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * A legacy metric alert body as the model's input (validated by `parseMetricAlertRule` after), or
 * problems naming the legacy field. Only what the model can hold passes: one project, the four
 * aggregates, critical (and warning) triggers sharing one list of actions.
 */
export function fromLegacyMetricAlert(
  body: Record<string, unknown>,
): { input: unknown } | { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const known = [
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
    'owner',
    'status',
  ];
  for (const key of Object.keys(body))
    if (!known.includes(key)) problems.push({ field: key, message: `unknown field ${key}` });
  for (const key of ['name', 'aggregate', 'timeWindow', 'thresholdType', 'triggers'])
    if (body[key] === undefined) problems.push({ field: key, message: 'This field is required.' });
  const aggregate = AGGREGATE_BY_LEGACY.get(String(body.aggregate));
  if (body.aggregate !== undefined && !aggregate)
    problems.push({
      field: 'aggregate',
      message: `the built-in store evaluates ${[...AGGREGATE_BY_LEGACY.keys()].join(', ')} only`,
    });
  if (body.query !== undefined && body.query !== null && typeof body.query !== 'string')
    problems.push({ field: 'query', message: 'must be a string' });
  const triggers = Array.isArray(body.triggers) ? body.triggers.map(record) : [];
  if (body.triggers !== undefined && !Array.isArray(body.triggers))
    problems.push({ field: 'triggers', message: 'must be a list' });
  const critical = triggers.find((t) => t.label === 'critical');
  const warning = triggers.find((t) => t.label === 'warning');
  if (Array.isArray(body.triggers) && !critical)
    problems.push({ field: 'triggers', message: 'A critical trigger is required.' });
  for (const [i, t] of triggers.entries())
    if (t.label !== 'critical' && t.label !== 'warning')
      problems.push({ field: `triggers.${i}.label`, message: 'must be critical or warning' });
  const actions = (critical && Array.isArray(critical.actions) ? critical.actions : []).map((a, i) =>
    actionFromLegacy(record(a), `triggers.0.actions.${i}`, problems),
  );
  if (problems.length > 0) return { problems };
  const model = aggregate!;
  const percent = body.comparisonDelta !== undefined && body.comparisonDelta !== null;
  const inward = (value: unknown) => {
    if (value === undefined || value === null) return null;
    const n = Number(value);
    return model === 'failure_rate' && !percent ? n * 100 : n;
  };
  const criticalValue = inward(critical!.alertThreshold);
  const warningValue = warning ? inward(warning.alertThreshold) : null;
  const resolveValue = inward(body.resolveThreshold);
  return {
    input: {
      name: body.name,
      enabled: body.status === undefined ? true : body.status !== 1 && body.status !== 'disabled',
      environment: body.environment ?? null,
      query: typeof body.query === 'string' ? body.query : '',
      aggregate: model,
      windowMinutes: Number(body.timeWindow),
      detection: percent
        ? { type: 'percent', comparisonDeltaMinutes: Number(body.comparisonDelta) }
        : { type: 'static' },
      direction: body.thresholdType === 1 ? 'below' : 'above',
      critical: criticalValue,
      warning: warningValue,
      // Sentry fills in the lowest trigger when none is given; keep "none" as none.
      resolve: resolveValue === (warningValue ?? criticalValue) ? null : resolveValue,
      actions,
    },
  };
}

function actionFromLegacy(item: Record<string, unknown>, field: string, problems: RuleProblem[]): unknown {
  if (item.type === 'email' && item.targetType === 'user')
    return { type: 'email', target: { kind: 'member', memberId: String(item.targetIdentifier ?? '') } };
  if (item.type === 'sentry_app') {
    return actionFromDexterAppSettings(item.settings, field, problems);
  }
  problems.push({
    field: `${field}.type`,
    message: `unsupported action ${String(item.type)} (the built-in store takes e-mail to a user and Dexter's app)`,
  });
  return null;
}
