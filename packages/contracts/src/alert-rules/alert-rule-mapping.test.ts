/**
 * The rule table: each row is one rule of the model and what it becomes in Sentry's two alerting
 * APIs. Every mapped body is validated against the request schema of its endpoint in Sentry's
 * published specs (the legacy rules endpoint from the 2026-05-08 spec, workflows from the
 * current one); a rule an API cannot express is refused with the field and the reason.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';

const sentrySpecPath = resolve(import.meta.dirname, '../../../../../shared/specs/sentry/openapi.json');

import { describe, expect, it } from 'vitest';
import { type AlertRuleInput, parseAlertRule } from './alert-rule-model';
import { fromLegacyRule, LEGACY_IDS, toLegacyRule } from './legacy-rule-mapping';
import { toWorkflow } from './workflow-mapping';

type Spec = {
  paths: Record<
    string,
    Record<string, { requestBody: { content: { 'application/json': { schema: object } } } }>
  >;
};
const load = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Spec;
const requestSchema = (spec: Spec, path: string) =>
  spec.paths[path]!.post!.requestBody.content['application/json'].schema;
const ajv = new Ajv({ strict: false, allErrors: true });
const legacySpec = load(resolve(sentrySpecPath, '../openapi-2026-05-08-with-legacy-alert-rules.json'));
const validLegacy = ajv.compile(
  requestSchema(legacySpec, '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/rules/'),
);
const validWorkflow = ajv.compile(
  requestSchema(load(sentrySpecPath), '/api/0/organizations/{organization_id_or_slug}/workflows/'),
);

const withApp = { dexterApp: 'dexter-app-uuid', errorDetectorId: 7 };
const withoutApp = { dexterApp: null, errorDetectorId: 7 };

interface Row {
  name: string;
  rule: AlertRuleInput;
  context?: typeof withApp | typeof withoutApp;
  /** Field of the refusal, or the expected body's telling part. */
  legacy:
    | { refused: string }
    | { conditions: unknown[]; actions?: unknown[]; filters?: unknown[]; frequency?: number };
  workflow:
    | { refused: string }
    | { triggers: unknown; filters: unknown[]; actions?: unknown[]; frequency?: number };
}

const base: Pick<AlertRuleInput, 'actions' | 'actionIntervalMinutes'> = {
  actions: [{ type: 'email', target: { kind: 'member', memberId: '3' } }],
  actionIntervalMinutes: 30,
};
const emailMember = {
  id: LEGACY_IDS.email,
  targetType: 'Member',
  targetIdentifier: '3',
  fallthroughType: 'ActiveMembers',
};
const emailUser = { type: 'email', config: { target_type: 'user', target_identifier: '3' }, data: {} };

const rows: Row[] = [
  {
    name: 'new issue, e-mail to a member',
    rule: { name: 'New issues', triggers: [{ type: 'new_issue' }], ...base },
    legacy: { conditions: [{ id: LEGACY_IDS.firstSeen }], actions: [emailMember], frequency: 30 },
    workflow: {
      triggers: {
        logic_type: 'any-short',
        conditions: [{ type: 'first_seen_event', comparison: true, condition_result: true }],
      },
      filters: [],
      actions: [emailUser],
      frequency: 30,
    },
  },
  {
    name: 'regression in production at error level or worse',
    rule: {
      name: 'Regressions',
      environment: 'production',
      triggers: [{ type: 'regression' }],
      filters: [{ type: 'level', match: 'gte', level: 'error' }],
      ...base,
    },
    legacy: {
      conditions: [{ id: LEGACY_IDS.regression }],
      filters: [{ id: LEGACY_IDS.level, match: 'gte', level: '40' }],
    },
    workflow: {
      triggers: {
        logic_type: 'any-short',
        conditions: [{ type: 'regression_event', comparison: true, condition_result: true }],
      },
      filters: [{ type: 'level', comparison: { level: 40, match: 'gte' }, condition_result: true }],
    },
  },
  {
    name: 'frequency over an hour, tag and release filters, webhook through the Dexter App',
    rule: {
      name: 'Checkout storm',
      triggers: [{ type: 'frequency', value: 100, window: '1h' }],
      filters: [
        { type: 'tag', key: 'route', match: 'sw', value: '/checkout' },
        { type: 'release', match: 'eq', value: 'shop@1.5.0' },
      ],
      actions: [{ type: 'webhook', url: 'https://hooks.example.com/alerts' }],
      actionIntervalMinutes: 60,
    },
    context: withApp,
    legacy: {
      conditions: [{ id: LEGACY_IDS.frequency, value: 100, interval: '1h', comparisonType: 'count' }],
      filters: [
        { id: LEGACY_IDS.tag, key: 'route', match: 'sw', value: '/checkout' },
        { id: LEGACY_IDS.attribute, attribute: 'release', match: 'eq', value: 'shop@1.5.0' },
      ],
      actions: [
        {
          id: LEGACY_IDS.sentryApp,
          sentryAppInstallationUuid: 'dexter-app-uuid',
          settings: [
            { name: 'kind', value: 'webhook' },
            { name: 'url', value: 'https://hooks.example.com/alerts' },
          ],
        },
      ],
    },
    workflow: {
      triggers: { logic_type: 'any-short', conditions: [] },
      filters: [
        { type: 'event_frequency_count', comparison: { value: 100, interval: '1h' }, condition_result: true },
        {
          type: 'tagged_event',
          comparison: { key: 'route', match: 'sw', value: '/checkout' },
          condition_result: true,
        },
        {
          type: 'event_attribute',
          comparison: { attribute: 'release', match: 'eq', value: 'shop@1.5.0' },
          condition_result: true,
        },
      ],
      actions: [
        {
          type: 'sentry_app',
          config: {
            target_type: 'sentry_app',
            target_identifier: 'dexter-app-uuid',
            target_display: 'Dexter',
          },
          data: {
            settings: [
              { name: 'kind', value: 'webhook' },
              { name: 'url', value: 'https://hooks.example.com/alerts' },
            ],
          },
        },
      ],
    },
  },
  {
    name: 'a webhook digest of 10 minutes travels in the Dexter App settings',
    rule: {
      name: 'Digest',
      triggers: [{ type: 'new_issue' }],
      actions: [{ type: 'webhook', url: 'https://h.example.com/', digestMinutes: 10 }],
      actionIntervalMinutes: 5,
    },
    context: withApp,
    legacy: {
      conditions: [{ id: LEGACY_IDS.firstSeen }],
      actions: [
        {
          id: LEGACY_IDS.sentryApp,
          sentryAppInstallationUuid: 'dexter-app-uuid',
          settings: [
            { name: 'kind', value: 'webhook' },
            { name: 'url', value: 'https://h.example.com/' },
            { name: 'digestMinutes', value: '10' },
          ],
        },
      ],
    },
    workflow: {
      triggers: {
        logic_type: 'any-short',
        conditions: [{ type: 'first_seen_event', comparison: true, condition_result: true }],
      },
      filters: [],
    },
  },
  {
    name: 'new issue AND more than 50 users in a day',
    rule: {
      name: 'Wide new issue',
      triggerMatch: 'all',
      triggers: [{ type: 'new_issue' }, { type: 'users', value: 50, window: '1d' }],
      actions: [{ type: 'in_app' }],
      actionIntervalMinutes: 1440,
    },
    context: withApp,
    legacy: {
      conditions: [
        { id: LEGACY_IDS.firstSeen },
        { id: LEGACY_IDS.users, value: 50, interval: '1d', comparisonType: 'count' },
      ],
    },
    workflow: {
      triggers: {
        logic_type: 'all',
        conditions: [{ type: 'first_seen_event', comparison: true, condition_result: true }],
      },
      filters: [
        {
          type: 'event_unique_user_frequency_count',
          comparison: { value: 50, interval: '1d' },
          condition_result: true,
        },
      ],
    },
  },
  {
    name: 'a 15-minute action interval: legacy yes, workflows no',
    rule: { name: 'Every 15', triggers: [{ type: 'new_issue' }], ...base, actionIntervalMinutes: 15 },
    legacy: { conditions: [{ id: LEGACY_IDS.firstSeen }], frequency: 15 },
    workflow: { refused: 'actionIntervalMinutes' },
  },
  {
    name: 'new issue OR a frequency: a workflow cannot OR a count with a trigger',
    rule: {
      name: 'Either',
      triggers: [{ type: 'new_issue' }, { type: 'frequency', value: 10, window: '5m' }],
      ...base,
    },
    legacy: {
      conditions: [
        { id: LEGACY_IDS.firstSeen },
        { id: LEGACY_IDS.frequency, value: 10, interval: '5m', comparisonType: 'count' },
      ],
    },
    workflow: { refused: 'triggerMatch' },
  },
  {
    name: 'webhook to a URL without the Dexter App: neither API can say it',
    rule: {
      name: 'Hook',
      triggers: [{ type: 'new_issue' }],
      actions: [{ type: 'webhook', url: 'https://h.example.com/' }],
      actionIntervalMinutes: 30,
    },
    context: withoutApp,
    legacy: { refused: 'actions.0' },
    workflow: { refused: 'actions.0' },
  },
  {
    name: 'e-mail to an address without the Dexter App',
    rule: {
      name: 'Mail',
      triggers: [{ type: 'new_issue' }],
      actions: [{ type: 'email', target: { kind: 'address', address: 'ops@example.com' } }],
      actionIntervalMinutes: 30,
    },
    context: withoutApp,
    legacy: { refused: 'actions.0' },
    workflow: { refused: 'actions.0' },
  },
];

describe('the rule table: one model, two Sentry APIs', () => {
  for (const row of rows) {
    it(row.name, () => {
      const parsed = parseAlertRule(row.rule);
      if (!('rule' in parsed)) throw new Error(JSON.stringify(parsed.problems));
      const context = row.context ?? withoutApp;

      const legacy = toLegacyRule(parsed.rule, context);
      if ('refused' in row.legacy) {
        expect(legacy.ok).toBe(false);
        if (!legacy.ok) expect(legacy.problems.map((p) => p.field)).toContain(row.legacy.refused);
      } else {
        if (!legacy.ok) throw new Error(JSON.stringify(legacy.problems));
        expect(validLegacy(legacy.body), ajv.errorsText(validLegacy.errors)).toBe(true);
        expect(legacy.body.conditions).toEqual(row.legacy.conditions);
        if (row.legacy.filters) expect(legacy.body.filters).toEqual(row.legacy.filters);
        if (row.legacy.actions) expect(legacy.body.actions).toEqual(row.legacy.actions);
        if (row.legacy.frequency) expect(legacy.body.frequency).toBe(row.legacy.frequency);
        // What the built-in store reads back from the legacy body is the same rule.
        const back = fromLegacyRule(legacy.body as unknown as Record<string, unknown>);
        if (!('input' in back)) throw new Error(JSON.stringify(back.problems));
        expect(parseAlertRule(back.input)).toEqual({ rule: parsed.rule });
      }

      const workflow = toWorkflow(parsed.rule, context);
      if ('refused' in row.workflow) {
        expect(workflow.ok).toBe(false);
        if (!workflow.ok) expect(workflow.problems.map((p) => p.field)).toContain(row.workflow.refused);
      } else {
        if (!workflow.ok) throw new Error(JSON.stringify(workflow.problems));
        expect(validWorkflow(workflow.body), ajv.errorsText(validWorkflow.errors)).toBe(true);
        expect(workflow.body.detector_ids).toEqual([7]);
        expect(workflow.body.triggers).toEqual(row.workflow.triggers);
        expect(workflow.body.action_filters[0]!.conditions).toEqual(row.workflow.filters);
        if (row.workflow.actions)
          expect(workflow.body.action_filters[0]!.actions).toEqual(row.workflow.actions);
        if (row.workflow.frequency) expect(workflow.body.config.frequency).toBe(row.workflow.frequency);
      }
    });
  }

  it('the spec schemas can fail: a body without a name is invalid in both', () => {
    expect(validLegacy({ frequency: 30, actionMatch: 'any', conditions: [], actions: [] })).toBe(false);
    expect(validWorkflow({ triggers: { logic_type: 'any' } })).toBe(false);
    expect(validLegacy({ name: 'x', frequency: 2, actionMatch: 'any', conditions: [], actions: [] })).toBe(
      false,
    );
  });
});

describe('bad rules name their field', () => {
  const problemsOf = (input: unknown) => {
    const parsed = parseAlertRule(input);
    return 'problems' in parsed ? parsed.problems : [];
  };
  const good = { name: 'ok', triggers: [{ type: 'new_issue' }], ...base };

  it('an unknown field, at the top or inside a trigger', () => {
    expect(problemsOf({ ...good, colour: 'red' })).toEqual([
      { field: 'colour', message: 'unknown field colour' },
    ]);
    expect(
      problemsOf({ ...good, triggers: [{ type: 'frequency', value: 3, window: '1h', every: 2 }] })[0]?.field,
    ).toBe('triggers.0.every');
  });

  it('an impossible window or interval', () => {
    expect(
      problemsOf({ ...good, triggers: [{ type: 'frequency', value: 3, window: '2h' }] })[0],
    ).toMatchObject({
      field: 'triggers.0.window',
      message: expect.stringContaining('1m, 5m, 15m, 1h, 1d, 1w, 30d'),
    });
    expect(problemsOf({ ...good, actionIntervalMinutes: 1 })[0]?.field).toBe('actionIntervalMinutes');
  });

  it('a webhook that is not http(s)', () => {
    expect(problemsOf({ ...good, actions: [{ type: 'webhook', url: 'file:///etc/passwd' }] })[0]?.field).toBe(
      'actions.0.url',
    );
  });

  it('a legacy body with an unknown condition names it', () => {
    const back = fromLegacyRule({
      name: 'x',
      frequency: 30,
      actionMatch: 'any',
      conditions: [{ id: 'sentry.rules.conditions.every_event.EveryEventCondition' }],
      actions: [emailMember],
    });
    expect(back).toEqual({
      problems: [{ field: 'conditions.0.id', message: expect.stringContaining('EveryEventCondition') }],
    });
  });
});
