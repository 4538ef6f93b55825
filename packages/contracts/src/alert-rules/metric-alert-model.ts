/**
 * Dexter's one model of a metric alert: a project's aggregate over a sliding window (error events,
 * users with errors, transaction failure rate, crash-free session rate), compared with a critical
 * and an optional warning threshold, either as the value itself (`static`) or as its change
 * against the same window `comparisonDeltaMinutes` earlier (`percent`), and resolved at its
 * resolve threshold. It maps to Sentry's legacy metric alert rules and to its detectors
 * (`metric-alert-mapping.ts`); the built-in store evaluates it (`packages/store/src/alerts/metric`).
 *
 * Units: rates are percentages (0-100) everywhere in the model, as Sentry's crash-free alerts show
 * them; counts are counts; a `percent` rule's thresholds are a change in percent (10 = 10 % higher
 * or lower). Semantics follow Sentry's detectors: `above` is critical while value > critical,
 * warning while value > warning, and resolves once value <= resolve (default: the lowest threshold);
 * `below` mirrors it. Between the resolve threshold and the lowest trigger the state holds.
 * `query` narrows what is counted, in the issue search grammar (`environment:prod level:error`),
 * as Sentry's metric alerts take it; it is checked here for syntax only (what an upstream can
 * evaluate is its own answer).
 */
import { parseSearch } from '@dexter/search-syntax';
import { z } from 'zod';
import { AlertActionSchema, problemsOf, type RuleProblem } from './alert-rule-model';

export const METRIC_AGGREGATES = ['event_count', 'users', 'failure_rate', 'crash_free_rate'] as const;
export type MetricAggregate = (typeof METRIC_AGGREGATES)[number];

/** Sentry's metric alert `timeWindow` choices, in minutes (2026-05-08 spec, alert-rules POST). */
export const METRIC_WINDOWS = [1, 5, 10, 15, 30, 60, 120, 240, 1440] as const;
/**
 * Crash-free rates: Sentry allows 30 min to 1 day; the store buckets sessions by the hour they
 * started (migration 0007), so a window is whole hours.
 */
export const SESSION_WINDOWS = [60, 120, 240, 1440] as const;
/** Sentry's `comparisonDelta` choices for change alerts, in minutes. */
export const COMPARISON_DELTAS = [5, 15, 60, 1440, 10080, 43200] as const;

const isRate = (aggregate: MetricAggregate) =>
  aggregate === 'failure_rate' || aggregate === 'crash_free_rate';

const oneOf = (list: readonly number[], what: string) =>
  z
    .number()
    .int()
    .refine((n) => list.includes(n), { error: `${what} must be one of ${list.join(', ')} minutes` });

const threshold = z.number().finite().min(0).max(1_000_000_000);

export const MetricDetectionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('static') }),
  z.strictObject({
    type: z.literal('percent'),
    comparisonDeltaMinutes: oneOf(COMPARISON_DELTAS, 'the comparison'),
  }),
]);
export type MetricDetection = z.infer<typeof MetricDetectionSchema>;

export const MetricAlertRuleSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(256),
    enabled: z.boolean().default(true),
    /** Only this environment; null = every environment. */
    environment: z.string().min(1).max(64).nullable().default(null),
    /** Only events (transactions, sessions) matching this search; '' = all. */
    query: z.string().trim().max(1000).default(''),
    aggregate: z.enum(METRIC_AGGREGATES, { error: `must be one of ${METRIC_AGGREGATES.join(', ')}` }),
    windowMinutes: oneOf(METRIC_WINDOWS, 'the window'),
    detection: MetricDetectionSchema.default({ type: 'static' }),
    direction: z.enum(['above', 'below'], { error: 'must be above or below' }),
    critical: threshold,
    warning: threshold.nullable().default(null),
    /** Null: resolve as soon as no trigger holds (the lowest threshold). */
    resolve: threshold.nullable().default(null),
    actions: z.array(AlertActionSchema).min(1).max(10),
  })
  .superRefine((rule, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    const search = parseSearch(rule.query);
    if (!search.ok) problem('query', search.error.message);
    if (rule.aggregate === 'crash_free_rate') {
      if (!(SESSION_WINDOWS as readonly number[]).includes(rule.windowMinutes))
        problem(
          'windowMinutes',
          `a crash-free rate is counted in whole hours: ${SESSION_WINDOWS.join(', ')} minutes`,
        );
      if (rule.detection.type === 'percent')
        problem('detection', 'a crash-free rate takes thresholds, not a change over time (as in Sentry)');
    }
    if (isRate(rule.aggregate) && rule.detection.type === 'static')
      for (const key of ['critical', 'warning', 'resolve'] as const) {
        const value = rule[key];
        if (value !== null && value > 100) problem(key, 'is a percentage and must be between 0 and 100');
      }
    const above = rule.direction === 'above';
    if (rule.warning !== null && (above ? rule.warning >= rule.critical : rule.warning <= rule.critical))
      problem(
        'warning',
        `must be ${above ? 'below' : 'above'} the critical threshold for an "${rule.direction}" rule`,
      );
    const lowest = rule.warning ?? rule.critical;
    if (rule.resolve !== null && (above ? rule.resolve > lowest : rule.resolve < lowest))
      problem(
        'resolve',
        `must be at or ${above ? 'below' : 'above'} the ${rule.warning === null ? 'critical' : 'warning'} threshold (${lowest})`,
      );
  });
export type MetricAlertRule = z.infer<typeof MetricAlertRuleSchema>;
export type MetricAlertRuleInput = z.input<typeof MetricAlertRuleSchema>;

export function parseMetricAlertRule(
  input: unknown,
): { rule: MetricAlertRule } | { problems: RuleProblem[] } {
  const parsed = MetricAlertRuleSchema.safeParse(input);
  if (parsed.success) return { rule: parsed.data };
  return { problems: problemsOf(parsed.error) };
}

export type MetricLevel = 'ok' | 'warning' | 'critical';

/** The resolve threshold in effect: the rule's own, else its lowest trigger. */
export const resolveThreshold = (rule: Pick<MetricAlertRule, 'resolve' | 'warning' | 'critical'>) =>
  rule.resolve ?? rule.warning ?? rule.critical;

/**
 * One step of a metric alert's state machine: the level after seeing `value` (null: no data, or
 * a change with nothing to compare to; the state holds). Pure, so the store's schedule and the
 * preview chart judge a value the same way.
 */
export function nextMetricLevel(
  rule: Pick<MetricAlertRule, 'direction' | 'critical' | 'warning' | 'resolve'>,
  current: MetricLevel,
  value: number | null,
): MetricLevel {
  if (value === null) return current;
  const past = (limit: number) => (rule.direction === 'above' ? value > limit : value < limit);
  if (past(rule.critical)) return 'critical';
  if (rule.warning !== null && past(rule.warning)) return 'warning';
  const resolve = resolveThreshold(rule);
  const resolved = rule.direction === 'above' ? value <= resolve : value >= resolve;
  if (resolved) return 'ok';
  // Between the resolve threshold and the lowest trigger: a critical whose own threshold no longer
  // holds steps down to warning only when there is one; otherwise the state holds.
  return current;
}

/** What the value is compared with: the value itself, or its change in percent against `previous`. */
export function comparedValue(
  detection: MetricDetection,
  value: number | null,
  previous: number | null,
): number | null {
  if (value === null) return null;
  if (detection.type === 'static') return value;
  if (previous === null || previous === 0) return null;
  return (value / previous - 1) * 100;
}

/** How the rule reads aloud in a firing ("error events above 100 in 1 hour"). */
export const METRIC_AGGREGATE_WORDS: Record<MetricAggregate, string> = {
  event_count: 'error events',
  users: 'users with errors',
  failure_rate: 'transaction failure rate',
  crash_free_rate: 'crash-free session rate',
};
