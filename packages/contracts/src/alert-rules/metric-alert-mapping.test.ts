/**
 * The metric alert table: each row a metric rule of the model and what it becomes in Sentry's
 * legacy metric alert API (validated against the 2026-05-08 spec's `alert-rules` request schema)
 * and as a detector + workflow (validated against the current spec's detectors and workflows
 * request schemas); then the model's own refusals, each naming its field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { fromLegacyMetricAlert, toLegacyMetricAlert, toMetricDetector } from './metric-alert-mapping';
import {
  type MetricAlertRuleInput,
  type MetricLevel,
  nextMetricLevel,
  parseMetricAlertRule,
} from './metric-alert-model';

type Spec = {
  paths: Record<
    string,
    Record<string, { requestBody: { content: { 'application/json': { schema: object } } } }>
  >;
};
const specDir = resolve(import.meta.dirname, '../../../../../shared/specs/sentry');
const load = (file: string) => JSON.parse(readFileSync(resolve(specDir, file), 'utf8')) as Spec & object;
const current = load('openapi.json');
const legacy = load('openapi-2026-05-08-with-legacy-alert-rules.json');
const ajv = new Ajv({ strict: false, allErrors: true });
const compile = (spec: Spec, path: string) => {
  ajv.removeSchema();
  ajv.addSchema(spec as object, 'spec');
  const schema = spec.paths[path]!.post!.requestBody.content['application/json'].schema as { $ref?: string };
  return ajv.compile(schema.$ref ? { $ref: `spec${schema.$ref}` } : schema);
};
const validLegacy = compile(legacy, '/api/0/organizations/{organization_id_or_slug}/alert-rules/');
const validDetector = compile(
  current,
  '/api/0/organizations/{organization_id_or_slug}/projects/{project_id_or_slug}/detectors/',
);
const validWorkflow = compile(current, '/api/0/organizations/{organization_id_or_slug}/workflows/');

const context = { project: 'shop', dexterAppId: 12, dexterApp: 'dexter-app-uuid' };
const inApp = [{ type: 'in_app' as const }];

interface Row {
  name: string;
  rule: MetricAlertRuleInput;
  legacy: Record<string, unknown>;
  detector: { dataSource: Record<string, unknown>; config: unknown; conditions: unknown[] };
}

const rows: Row[] = [
  {
    name: 'error events above 100 in an hour, warning at 50, in production, of one level and route',
    rule: {
      name: 'Error storm',
      environment: 'production',
      query: 'level:error route:/checkout*',
      aggregate: 'event_count',
      windowMinutes: 60,
      direction: 'above',
      critical: 100,
      warning: 50,
      actions: inApp,
    },
    legacy: {
      aggregate: 'count()',
      dataset: 'events',
      queryType: 0,
      query: 'level:error route:/checkout*',
      timeWindow: 60,
      thresholdType: 0,
      resolveThreshold: 50,
      environment: 'production',
      projects: ['shop'],
    },
    detector: {
      dataSource: {
        aggregate: 'count()',
        dataset: 'events',
        query: 'level:error route:/checkout*',
        timeWindow: 3600,
        environment: 'production',
      },
      config: { detection_type: 'static' },
      conditions: [
        { type: 'gt', comparison: 100, condition_result: 75 },
        { type: 'gt', comparison: 50, condition_result: 50 },
        { type: 'lte', comparison: 50, condition_result: 0 },
      ],
    },
  },
  {
    name: 'users with errors up 50 % against a day earlier',
    rule: {
      name: 'More users hurt',
      aggregate: 'users',
      windowMinutes: 15,
      detection: { type: 'percent', comparisonDeltaMinutes: 1440 },
      direction: 'above',
      critical: 50,
      actions: inApp,
    },
    legacy: { aggregate: 'count_unique(user)', comparisonDelta: 1440, timeWindow: 15, resolveThreshold: 50 },
    detector: {
      dataSource: { aggregate: 'count_unique(tags[sentry:user])', timeWindow: 900 },
      config: { detection_type: 'percent', comparison_delta: 86_400 },
      conditions: [
        { type: 'gt', comparison: 50, condition_result: 75 },
        { type: 'lte', comparison: 50, condition_result: 0 },
      ],
    },
  },
  {
    name: 'transaction failure rate above 5 %, resolved under 2 % (Sentry keeps it as a ratio)',
    rule: {
      name: 'Failing checkouts',
      aggregate: 'failure_rate',
      windowMinutes: 10,
      direction: 'above',
      critical: 5,
      resolve: 2,
      actions: [{ type: 'email', target: { kind: 'member', memberId: '3' } }],
    },
    legacy: {
      aggregate: 'failure_rate()',
      dataset: 'transactions',
      queryType: 1,
      resolveThreshold: 0.02,
      triggers: [
        {
          label: 'critical',
          alertThreshold: 0.05,
          actions: [{ type: 'email', targetType: 'user', targetIdentifier: '3' }],
        },
      ],
    },
    detector: {
      dataSource: { aggregate: 'failure_rate()', dataset: 'events_analytics_platform', timeWindow: 600 },
      config: { detection_type: 'static' },
      conditions: [
        { type: 'gt', comparison: 0.05, condition_result: 75 },
        { type: 'lte', comparison: 0.02, condition_result: 0 },
      ],
    },
  },
  {
    name: 'crash-free sessions below 99.5 %, warning below 99.9 %',
    rule: {
      name: 'Crashes',
      aggregate: 'crash_free_rate',
      windowMinutes: 60,
      direction: 'below',
      critical: 99.5,
      warning: 99.9,
      resolve: 99.95,
      actions: [{ type: 'webhook', url: 'https://hooks.example.com/a' }],
    },
    legacy: {
      aggregate: 'percentage(sessions_crashed, sessions) AS _crash_rate_alert_aggregate',
      dataset: 'metrics',
      queryType: 2,
      thresholdType: 1,
      resolveThreshold: 99.95,
      triggers: [
        {
          label: 'critical',
          alertThreshold: 99.5,
          actions: [
            {
              type: 'sentry_app',
              targetType: 'sentry_app',
              targetIdentifier: 12,
              sentryAppId: 12,
              settings: [
                { name: 'kind', value: 'webhook' },
                { name: 'url', value: 'https://hooks.example.com/a' },
              ],
            },
          ],
        },
        { label: 'warning', alertThreshold: 99.9 },
      ],
    },
    detector: {
      dataSource: { dataset: 'metrics', queryType: 2, timeWindow: 3600 },
      config: { detection_type: 'static' },
      conditions: [
        { type: 'lt', comparison: 99.5, condition_result: 75 },
        { type: 'lt', comparison: 99.9, condition_result: 50 },
        { type: 'gte', comparison: 99.95, condition_result: 0 },
      ],
    },
  },
];

describe('the metric alert table: one model, two Sentry APIs', () => {
  for (const row of rows) {
    it(row.name, () => {
      const parsed = parseMetricAlertRule(row.rule);
      if (!('rule' in parsed)) throw new Error(JSON.stringify(parsed.problems));

      const mapped = toLegacyMetricAlert(parsed.rule, context);
      if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
      expect(validLegacy(mapped.body), ajv.errorsText(validLegacy.errors)).toBe(true);
      expect(mapped.body).toMatchObject(row.legacy);
      // What the built-in store reads back from the legacy body is the same rule.
      const back = fromLegacyMetricAlert(mapped.body as unknown as Record<string, unknown>);
      if (!('input' in back)) throw new Error(JSON.stringify(back.problems));
      expect(parseMetricAlertRule(back.input)).toEqual({ rule: parsed.rule });

      const detector = toMetricDetector(parsed.rule, context);
      if (!detector.ok) throw new Error(JSON.stringify(detector.problems));
      expect(validDetector(detector.body.detector), ajv.errorsText(validDetector.errors)).toBe(true);
      expect(validWorkflow(detector.body.workflow), ajv.errorsText(validWorkflow.errors)).toBe(true);
      const { data_sources, config, condition_group } = detector.body.detector as unknown as {
        data_sources: unknown[];
        config: unknown;
        condition_group: { conditions: unknown[] };
      };
      expect(data_sources[0]).toMatchObject(row.detector.dataSource);
      expect(config).toEqual(row.detector.config);
      expect(condition_group.conditions).toEqual(row.detector.conditions);
    });
  }

  it('an action Sentry cannot express without Dexter’s app is refused in both, naming the action', () => {
    const parsed = parseMetricAlertRule({ ...rows[0]!.rule, actions: [{ type: 'in_app' }] });
    if (!('rule' in parsed)) throw new Error('valid');
    const none = { project: 'shop', dexterAppId: null, dexterApp: null };
    expect(toLegacyMetricAlert(parsed.rule, none)).toEqual({
      ok: false,
      problems: [{ field: 'actions.0', message: expect.stringContaining('Sentry App') }],
    });
    expect(toMetricDetector(parsed.rule, none).ok).toBe(false);
  });

  it('the spec schemas can fail: a legacy body without triggers, a detector without a type', () => {
    expect(
      validLegacy({
        name: 'x',
        aggregate: 'count()',
        projects: [],
        query: '',
        thresholdType: 0,
        timeWindow: 60,
      }),
    ).toBe(false);
    expect(validLegacy({ ...rows[0]!.legacy, name: 'x', query: '', triggers: [], timeWindow: 7 })).toBe(
      false,
    );
    expect(validDetector({ name: 'x' })).toBe(false);
  });

  it('a legacy body the model cannot hold names the legacy field', () => {
    expect(
      fromLegacyMetricAlert({
        name: 'x',
        aggregate: 'p95(transaction.duration)',
        query: 500,
        timeWindow: 60,
        thresholdType: 0,
        triggers: [{ label: 'warning', alertThreshold: 3, actions: [] }],
        colour: 'red',
      }),
    ).toEqual({
      problems: [
        { field: 'colour', message: 'unknown field colour' },
        { field: 'aggregate', message: expect.stringContaining('count()') },
        { field: 'query', message: 'must be a string' },
        { field: 'triggers', message: 'A critical trigger is required.' },
      ],
    });
  });
});

describe('bad metric rules name their field', () => {
  const good: MetricAlertRuleInput = {
    name: 'ok',
    aggregate: 'event_count',
    windowMinutes: 60,
    direction: 'above',
    critical: 10,
    actions: inApp,
  };
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['an unknown field', { colour: 'red' }, 'colour', /unknown field colour/],
    ['a query the search grammar cannot read', { query: 'level:(error' }, 'query', /./],
    [
      'an unknown aggregate',
      { aggregate: 'p95' },
      'aggregate',
      /event_count, users, failure_rate, crash_free_rate/,
    ],
    [
      'a window Sentry does not offer',
      { windowMinutes: 45 },
      'windowMinutes',
      /1, 5, 10, 15, 30, 60, 120, 240, 1440/,
    ],
    [
      'a crash-free rate over 30 minutes (sessions are hourly)',
      { aggregate: 'crash_free_rate', windowMinutes: 30, critical: 99, direction: 'below' },
      'windowMinutes',
      /whole hours/,
    ],
    [
      'a crash-free rate as a change',
      {
        aggregate: 'crash_free_rate',
        direction: 'below',
        critical: 5,
        detection: { type: 'percent', comparisonDeltaMinutes: 60 },
      },
      'detection',
      /not a change/,
    ],
    [
      'a comparison Sentry does not offer',
      { detection: { type: 'percent', comparisonDeltaMinutes: 7 } },
      'detection.comparisonDeltaMinutes',
      /5, 15, 60, 1440, 10080, 43200/,
    ],
    ['a rate over 100 %', { aggregate: 'failure_rate', critical: 150 }, 'critical', /between 0 and 100/],
    ['a warning above the critical of an "above" rule', { warning: 20 }, 'warning', /below the critical/],
    [
      'a warning below the critical of a "below" rule',
      { direction: 'below', warning: 5 },
      'warning',
      /above the critical/,
    ],
    [
      'a resolve threshold above the trigger',
      { resolve: 11 },
      'resolve',
      /at or below the critical threshold \(10\)/,
    ],
    ['a negative threshold', { critical: -1 }, 'critical', /0/],
    ['no action', { actions: [] }, 'actions', /1/],
    ['a direction that is neither', { direction: 'sideways' }, 'direction', /above or below/],
  ];
  it.each(cases)('%s', (_name, change, field, message) => {
    const parsed = parseMetricAlertRule({ ...good, ...change });
    expect('problems' in parsed).toBe(true);
    if ('problems' in parsed)
      expect(parsed.problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('a good rule parses with its defaults', () => {
    expect(parseMetricAlertRule(good)).toEqual({
      rule: {
        ...good,
        enabled: true,
        environment: null,
        query: '',
        detection: { type: 'static' },
        warning: null,
        resolve: null,
      },
    });
  });
});

describe('the metric state machine', () => {
  const rule = { direction: 'above' as const, critical: 100, warning: 50, resolve: 20 };
  const walk = (values: Array<number | null>) => {
    let level: MetricLevel = 'ok';
    return values.map((v) => {
      level = nextMetricLevel(rule, level, v);
      return level;
    });
  };
  it('rises through warning to critical, steps down, holds between resolve and warning, resolves', () => {
    expect(walk([10, 60, 150, 70, 30, null, 20, 101])).toEqual([
      'ok',
      'warning',
      'critical',
      'warning',
      'warning',
      'warning',
      'ok',
      'critical',
    ]);
  });
  it('mirrors for a "below" rule', () => {
    const below = { direction: 'below' as const, critical: 99, warning: null, resolve: null };
    expect(nextMetricLevel(below, 'ok', 98.9)).toBe('critical');
    expect(nextMetricLevel(below, 'critical', 99)).toBe('ok');
  });
});
