/** The metric builder shows a stored rule as it is, and says when it cannot (then there is no Edit). */
import { type MetricAlertRule, MetricAlertRuleSchema } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { metricRuleOf, metricValuesOf } from './metric-rule-form';

const stored: MetricAlertRule = MetricAlertRuleSchema.parse({
  name: 'Checkout errors',
  environment: 'production',
  query: 'level:error route:/checkout*',
  aggregate: 'users',
  windowMinutes: 15,
  detection: { type: 'percent', comparisonDeltaMinutes: 60 },
  direction: 'above',
  critical: 50,
  warning: 20,
  resolve: 10,
  actions: [{ type: 'webhook', url: 'https://hooks.example.com/a' }],
});

describe('metric builder fields', () => {
  it('give back the stored rule unchanged', () => {
    const values = metricValuesOf(stored);
    expect(values).not.toBeNull();
    expect(MetricAlertRuleSchema.parse(metricRuleOf(values!))).toEqual(stored);
  });

  it('cannot show a rule with several actions or a member e-mail', () => {
    expect(metricValuesOf({ ...stored, actions: [{ type: 'in_app' }, { type: 'in_app' }] })).toBeNull();
    expect(
      metricValuesOf({ ...stored, actions: [{ type: 'email', target: { kind: 'member', memberId: '3' } }] }),
    ).toBeNull();
  });
});
