/**
 * The built-in store evaluates issue alert rules on ingest, with real `@sentry/node` traffic: a
 * frequency rule fires once when the count passes its threshold and not again inside its action
 * interval; the count and the last firing survive a restart; two stores writing to one database
 * fire once between them; the legacy `/rules/` endpoints answer in Sentry's shapes and refuse bad
 * rules naming the field.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LEGACY_IDS } from '@dexter/contracts';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeErrors, responseValidator, sentrySpecPath } from '../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../testing/store-harness';
import { sendAlertBurst } from './testing/run-alert-burst';

// Each step spawns a real SDK process; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const inApp = {
  id: LEGACY_IDS.sentryApp,
  sentryAppInstallationUuid: 'dexter',
  settings: [{ name: 'kind', value: 'in_app' }],
};

const frequencyRule = (name: string, value: number, extra: Record<string, unknown> = {}) => ({
  name,
  frequency: 60,
  actionMatch: 'any',
  filterMatch: 'all',
  conditions: [{ id: LEGACY_IDS.frequency, value, interval: '1h' }],
  filters: [],
  actions: [inApp],
  ...extra,
});

async function createRule(server: StoreServer, body: unknown): Promise<Response> {
  return server.api(`/api/0/projects/${server.org}/${projectSlug(server)}/rules/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const slugs = new Map<StoreServer, string>();
const projectSlug = (server: StoreServer) => slugs.get(server)!;
async function learnSlug(server: StoreServer) {
  const row = await server.store.db
    .selectFrom('projects')
    .select('slug')
    .where('id', '=', Number(server.projectId))
    .executeTakeFirstOrThrow();
  slugs.set(server, row.slug);
}

async function firesOf(server: StoreServer, ruleId: string) {
  await server.store.drain();
  return (await server.store.alerts.firesAfter(0, 1000)).filter((fire) => String(fire.ruleId) === ruleId);
}

describe('frequency rules on real SDK traffic', () => {
  let server: StoreServer;
  beforeAll(async () => {
    server = await startStoreServer();
    await learnSlug(server);
  });
  afterAll(() => server.close());

  it('fires once when the count passes the threshold, and not again inside the interval', async () => {
    const response = await createRule(server, frequencyRule('More than 4 in an hour', 4));
    expect(response.status).toBe(201);
    const rule = (await response.json()) as { id: string };

    await sendAlertBurst({ dsn: server.dsn, count: 3, fingerprint: 'burst-a' });
    expect(await firesOf(server, rule.id)).toHaveLength(0);

    await sendAlertBurst({ dsn: server.dsn, count: 3, fingerprint: 'burst-a' });
    const fires = await firesOf(server, rule.id);
    expect(fires).toHaveLength(1);
    expect(fires[0]).toMatchObject({
      ruleName: 'More than 4 in an hour',
      actions: [{ type: 'in_app' }],
      reason: {
        summary: 'more than 4 events in 1 hour',
        triggers: [{ type: 'frequency', value: 4, count: 5 }],
      },
    });
    expect(fires[0]!.title).toContain('CheckoutError');

    // A second burst inside the action interval fires nothing.
    await sendAlertBurst({ dsn: server.dsn, count: 6, fingerprint: 'burst-a' });
    expect(await firesOf(server, rule.id)).toHaveLength(1);

    // Another issue is judged on its own.
    await sendAlertBurst({ dsn: server.dsn, count: 5, fingerprint: 'burst-b' });
    expect((await firesOf(server, rule.id)).map((f) => f.issueId)).toHaveLength(2);

    const listed = await server.api(`/api/0/projects/${server.org}/${projectSlug(server)}/rules/${rule.id}/`);
    expect(((await listed.json()) as { lastTriggered: string | null }).lastTriggered).not.toBeNull();
  });

  it('judges new issues for instant rules, filters included, and rules mixing both kinds of trigger', async () => {
    const newIssue = (await (
      await createRule(server, {
        ...frequencyRule('New errors', 0),
        conditions: [{ id: LEGACY_IDS.firstSeen }],
        filters: [{ id: 'sentry.rules.filters.level.LevelFilter', match: 'gte', level: '40' }],
      })
    ).json()) as { id: string };
    const fatalOnly = (await (
      await createRule(server, {
        ...frequencyRule('New fatals', 0),
        conditions: [{ id: LEGACY_IDS.firstSeen }],
        filters: [{ id: 'sentry.rules.filters.level.LevelFilter', match: 'eq', level: '50' }],
      })
    ).json()) as { id: string };
    const mixed = (await (
      await createRule(server, {
        ...frequencyRule('New and already busy', 0),
        actionMatch: 'all',
        conditions: [{ id: LEGACY_IDS.firstSeen }, { id: LEGACY_IDS.frequency, value: 1, interval: '1h' }],
      })
    ).json()) as { id: string };
    await sendAlertBurst({ dsn: server.dsn, count: 1, fingerprint: 'instant-a' });
    expect(await firesOf(server, newIssue.id)).toHaveLength(1);
    expect(await firesOf(server, fatalOnly.id)).toHaveLength(0);
    // The issue's first event is not "more than 1 in an hour" yet, and later ones are not new.
    expect(await firesOf(server, mixed.id)).toHaveLength(0);
    await sendAlertBurst({ dsn: server.dsn, count: 2, fingerprint: 'instant-a' });
    expect(await firesOf(server, newIssue.id)).toHaveLength(1);
    expect(await firesOf(server, mixed.id)).toHaveLength(0);
  });

  it('counts users, and only in the rule environment', async () => {
    const users = await createRule(server, {
      ...frequencyRule('Three users in staging', 2),
      environment: 'staging',
      conditions: [{ id: LEGACY_IDS.users, value: 2, interval: '1h' }],
    });
    const rule = (await users.json()) as { id: string };
    await sendAlertBurst({ dsn: server.dsn, count: 6, users: 3, fingerprint: 'burst-users' });
    expect(await firesOf(server, rule.id)).toHaveLength(0);
    await sendAlertBurst({
      dsn: server.dsn,
      count: 2,
      users: 2,
      fingerprint: 'burst-users',
      environment: 'staging',
    });
    expect(await firesOf(server, rule.id)).toHaveLength(0);
    await sendAlertBurst({
      dsn: server.dsn,
      count: 3,
      users: 3,
      fingerprint: 'burst-users',
      environment: 'staging',
    });
    const fires = await firesOf(server, rule.id);
    expect(fires).toHaveLength(1);
    expect(fires[0]!.reason.summary).toBe('more than 2 users in 1 hour in staging');
  });
});

describe('a restart in the middle of a window', () => {
  it('neither forgets the count nor fires twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dexter-alerts-restart-'));
    try {
      let server = await startStoreServer({ dataDir });
      await learnSlug(server);
      const rule = (await (await createRule(server, frequencyRule('Restart-proof', 5))).json()) as {
        id: string;
      };
      await sendAlertBurst({ dsn: server.dsn, count: 4, fingerprint: 'restart' });
      expect(await firesOf(server, rule.id)).toHaveLength(0);
      await server.close();

      server = await startStoreServer({ dataDir });
      await learnSlug(server);
      await sendAlertBurst({ dsn: server.dsn, count: 2, fingerprint: 'restart' });
      expect(await firesOf(server, rule.id)).toHaveLength(1);
      await server.close();

      server = await startStoreServer({ dataDir });
      await learnSlug(server);
      await sendAlertBurst({ dsn: server.dsn, count: 3, fingerprint: 'restart' });
      expect(await firesOf(server, rule.id)).toHaveLength(1);
      await server.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a rule created in the middle of a burst', () => {
  it('counts the events stored before it existed', async () => {
    const server = await startStoreServer();
    try {
      await learnSlug(server);
      await sendAlertBurst({ dsn: server.dsn, count: 4, fingerprint: 'before-rule' });
      await server.store.drain();
      const rule = (await (await createRule(server, frequencyRule('Late rule', 5))).json()) as { id: string };
      await sendAlertBurst({ dsn: server.dsn, count: 1, fingerprint: 'before-rule' });
      expect(await firesOf(server, rule.id)).toHaveLength(0);
      await sendAlertBurst({ dsn: server.dsn, count: 1, fingerprint: 'before-rule' });
      expect(await firesOf(server, rule.id)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('two stores on one database', () => {
  it('fire a rule once between them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dexter-alerts-shared-'));
    const first = await startStoreServer({ dataDir });
    const second = await startStoreServer({ dataDir });
    try {
      await learnSlug(first);
      slugs.set(second, projectSlug(first));
      const rule = (await (await createRule(first, frequencyRule('Shared', 6))).json()) as { id: string };
      await Promise.all([
        sendAlertBurst({ dsn: first.dsn, count: 10, fingerprint: 'shared' }),
        sendAlertBurst({ dsn: second.dsn, count: 10, fingerprint: 'shared' }),
      ]);
      await second.store.drain();
      expect(await firesOf(first, rule.id)).toHaveLength(1);
    } finally {
      await second.close();
      await first.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the legacy rules endpoints', () => {
  let server: StoreServer;
  const legacySpec = JSON.parse(
    readFileSync(resolve(sentrySpecPath, '../openapi-2026-05-08-with-legacy-alert-rules.json'), 'utf8'),
  ) as {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content: { 'application/json': { schema: object } } }> }>
    >;
  };
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true } });
  const rulesPath = '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/rules/';
  const validList = ajv.compile(
    legacySpec.paths[rulesPath]!.get!.responses['200']!.content['application/json'].schema,
  );
  const validOne = ajv.compile(
    legacySpec.paths[`${rulesPath}{rule_id}/`]!.get!.responses['200']!.content['application/json'].schema,
  );

  beforeAll(async () => {
    server = await startStoreServer();
    await learnSlug(server);
  });
  afterAll(() => server.close());

  const rules = () => `/api/0/projects/${server.org}/${projectSlug(server)}/rules/`;

  it("lists, reads, overwrites and deletes in Sentry's shapes", async () => {
    const created = (await (await createRule(server, frequencyRule('Shapes', 10))).json()) as { id: string };
    const list = await (await server.api(rules())).json();
    expect(validList(list), ajv.errorsText(validList.errors)).toBe(true);
    const one = await (await server.api(`${rules()}${created.id}/`)).json();
    expect(validOne(one), ajv.errorsText(validOne.errors)).toBe(true);
    expect(one).toMatchObject({
      name: 'Shapes',
      frequency: 60,
      status: 'active',
      projects: [projectSlug(server)],
    });

    const put = await server.api(`${rules()}${created.id}/`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...frequencyRule('Renamed', 20), status: 'disabled' }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      name: 'Renamed',
      status: 'disabled',
      conditions: [{ value: 20 }],
    });

    expect((await server.api(`${rules()}${created.id}/`, { method: 'DELETE' })).status).toBe(202);
    expect((await server.api(`${rules()}${created.id}/`)).status).toBe(404);
  });

  it('serves the rules as workflows in the current API shape, leaving out what a workflow cannot say', async () => {
    const expressible = (await (await createRule(server, frequencyRule('As a workflow', 10))).json()) as {
      id: string;
    };
    const every15 = (await (
      await createRule(server, { ...frequencyRule('Every 15', 10), frequency: 15 })
    ).json()) as {
      id: string;
    };
    const response = await server.api(`/api/0/organizations/${server.org}/workflows/`);
    expect(response.status).toBe(200);
    const list = (await response.json()) as Array<{ id: string }>;
    const validate = responseValidator('GET', '/api/0/organizations/{organization_id_or_slug}/workflows/');
    expect(validate(list), describeErrors(validate.errors)).toBe(true);
    expect(list.map((w) => w.id)).toContain(expressible.id);
    expect(list.map((w) => w.id)).not.toContain(every15.id);
    const one = await (
      await server.api(`/api/0/organizations/${server.org}/workflows/${expressible.id}/`)
    ).json();
    expect(one).toMatchObject({
      name: 'As a workflow',
      config: { frequency: 60 },
      detectorIds: [server.projectId],
      triggers: { logicType: 'any-short', conditions: [] },
      actionFilters: [
        { conditions: [{ type: 'event_frequency_count', comparison: { value: 10, interval: '1h' } }] },
      ],
    });
    expect((await server.api(`/api/0/organizations/${server.org}/workflows/${every15.id}/`)).status).toBe(
      404,
    );
  });

  it('refuses bad rules, naming the field', async () => {
    const refused = async (body: unknown) => {
      const response = await createRule(server, body);
      expect(response.status).toBe(400);
      return Object.keys((await response.json()) as object);
    };
    expect(await refused({ ...frequencyRule('x', 1), colour: 'red' })).toEqual(['colour']);
    expect(
      await refused({
        ...frequencyRule('x', 1),
        conditions: [{ id: LEGACY_IDS.frequency, value: 1, interval: '2h' }],
      }),
    ).toEqual(['conditions.0.interval']);
    expect(await refused({ ...frequencyRule('x', 1), frequency: 2 })).toEqual(['frequency']);
    expect(
      await refused({
        ...frequencyRule('x', 1),
        actions: [{ id: LEGACY_IDS.email, targetType: 'Member', targetIdentifier: '999999' }],
      }),
    ).toEqual(['actions.0.targetIdentifier']);
    expect(
      await refused({
        ...frequencyRule('x', 1),
        actions: [
          {
            ...inApp,
            settings: [
              { name: 'kind', value: 'webhook' },
              { name: 'url', value: 'gopher://x' },
            ],
          },
        ],
      }),
    ).toEqual(['actions.0.settings']);
  });
});
