/**
 * The metric rule builder's fields and the metric model, both ways: a new rule's defaults, the
 * rule the fields describe, and the fields of a stored rule (null when the builder cannot show it).
 */
import type { MetricAggregate, MetricAlertRule, MetricAlertRuleInput } from '@dexter/contracts';

export interface MetricValues {
  name: string;
  aggregate: MetricAggregate;
  window: string;
  environment: string;
  /** The issue search grammar, e.g. `level:error route:/checkout*`; '' = every event. */
  query: string;
  direction: 'above' | 'below';
  critical: number | string;
  warning: number | string;
  resolve: number | string;
  /** '' = the value itself; otherwise minutes to compare against. */
  compare: string;
  action: 'in_app' | 'webhook' | 'email';
  target: string;
}

const optional = (v: number | string) => (v === '' || v === null ? null : Number(v));

export const NEW_METRIC_RULE: MetricValues = {
  name: '',
  aggregate: 'event_count',
  window: '60',
  environment: '',
  query: '',
  direction: 'above',
  critical: 100,
  warning: '',
  resolve: '',
  compare: '',
  action: 'in_app',
  target: '',
};

/** The builder's fields for a stored rule, or null when it cannot show the rule (several actions, a member's e-mail). */
export function metricValuesOf(rule: MetricAlertRule): MetricValues | null {
  const [action, ...more] = rule.actions;
  if (!action || more.length > 0) return null;
  if (action.type === 'email' && action.target.kind !== 'address') return null;
  return {
    name: rule.name,
    aggregate: rule.aggregate,
    window: String(rule.windowMinutes),
    environment: rule.environment ?? '',
    query: rule.query,
    direction: rule.direction,
    critical: rule.critical,
    warning: rule.warning ?? '',
    resolve: rule.resolve ?? '',
    compare: rule.detection.type === 'percent' ? String(rule.detection.comparisonDeltaMinutes) : '',
    action: action.type,
    target:
      action.type === 'webhook'
        ? action.url
        : action.type === 'email' && action.target.kind === 'address'
          ? action.target.address
          : '',
  };
}

export function metricRuleOf(v: MetricValues): MetricAlertRuleInput {
  return {
    name: v.name.trim() || 'Preview',
    environment: v.environment.trim() || null,
    // Only error events and users take a query (the store filters those); others keep none.
    query: v.aggregate === 'event_count' || v.aggregate === 'users' ? v.query.trim() : '',
    aggregate: v.aggregate,
    windowMinutes: Number(v.window),
    detection: v.compare
      ? { type: 'percent', comparisonDeltaMinutes: Number(v.compare) }
      : { type: 'static' },
    direction: v.direction,
    critical: Number(v.critical),
    warning: optional(v.warning),
    resolve: optional(v.resolve),
    actions: [
      v.action === 'webhook'
        ? { type: 'webhook', url: v.target }
        : v.action === 'email'
          ? { type: 'email', target: { kind: 'address', address: v.target } }
          : { type: 'in_app' },
    ],
  };
}
