/**
 * The built-in store judges metric alert rules on its schedule, with real `@sentry/node` traffic
 * (error events, sessions, transactions): a metric pushed over its threshold fires once, stays
 * quiet while it stays there (also across a restart), and resolves once it falls to the resolve
 * threshold; the legacy `/alert-rules/` endpoints answer in Sentry's shapes and refuse bad bodies
 * naming the field; the 14-day preview shows the same change the schedule fired.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeErrors, sentrySpecPath } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { sendAlertBurst } from '../testing/run-alert-burst';
import { sendMetricTraffic } from '../testing/run-metric-sender';

// Each step spawns a real SDK process; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 120_000 });

/** The 201 of `POST /organizations/{org}/alert-rules/` in the 2026-05-08 spec (the last with it). */
function legacyCreatedValidator() {
  const spec = JSON.parse(
    readFileSync(join(sentrySpecPath, '../openapi-2026-05-08-with-legacy-alert-rules.json'), 'utf8'),
  ) as {
    paths: Record<
      string,
      Record<
        string,
        { responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }> }
      >
    >;
  };
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(spec, 'spec');
  const schema =
    spec.paths['/api/0/organizations/{organization_id_or_slug}/alert-rules/']!.post!.responses['201']!
      .content['application/json']!.schema;
  return ajv.compile(schema.$ref ? { $ref: `spec${schema.$ref}` } : schema);
}
const MINUTE = 60_000;
const inApp = {
  type: 'sentry_app',
  targetType: 'sentry_app',
  targetIdentifier: 1,
  sentryAppId: 1,
  settings: [{ name: 'kind', value: 'in_app' }],
};

async function projectSlug(server: StoreServer) {
  const row = await server.store.db
    .selectFrom('projects')
    .select('slug')
    .where('id', '=', Number(server.projectId))
    .executeTakeFirstOrThrow();
  return row.slug;
}

async function createMetricRule(server: StoreServer, body: Record<string, unknown>) {
  return server.api(`/api/0/organizations/${server.org}/alert-rules/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ projects: [await projectSlug(server)], query: '', ...body }),
  });
}

async function metricFires(server: StoreServer, ruleId: string) {
  return (await server.store.alerts.firesAfter(0, 1000)).filter((f) => String(f.ruleId) === ruleId);
}

/** The schedule's next judgement `minutes` whole minutes from now. */
const inMinutes = (minutes: number) => Date.now() + minutes * MINUTE;

describe('an error-count metric rule', () => {
  it('fires once over its threshold, not again while above (nor after a restart), and resolves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dexter-metric-alerts-'));
    let server = await startStoreServer({ dataDir });
    try {
      const created = await createMetricRule(server, {
        name: 'Error storm',
        aggregate: 'count()',
        dataset: 'events',
        queryType: 0,
        eventTypes: ['error', 'default'],
        timeWindow: 5,
        thresholdType: 0,
        triggers: [{ label: 'critical', alertThreshold: 4, actions: [inApp] }],
      });
      expect(created.status).toBe(201);
      const rule = (await created.json()) as { id: string };
      const validate = legacyCreatedValidator();
      expect(validate(rule), describeErrors(validate.errors)).toBe(true);

      await sendAlertBurst({ dsn: server.dsn, count: 3, fingerprint: 'metric-a' });
      await server.store.drain();
      expect(await server.store.alerts.evaluateMetrics(inMinutes(1))).toBe(0);

      await sendAlertBurst({ dsn: server.dsn, count: 3, fingerprint: 'metric-b' });
      await server.store.drain();
      expect(await server.store.alerts.evaluateMetrics(inMinutes(2))).toBe(1);
      const [fire] = await metricFires(server, rule.id);
      expect(fire).toMatchObject({
        issueId: '',
        metric: { level: 'critical', previous: 'ok', value: 6 },
        reason: { summary: 'critical: error events 6 over 5 min, above 4' },
        actions: [{ type: 'in_app' }],
      });
      // The same minute again, and a later one still above: nothing new.
      expect(await server.store.alerts.evaluateMetrics(inMinutes(2))).toBe(0);
      expect(await server.store.alerts.evaluateMetrics(inMinutes(3))).toBe(0);

      await server.close();
      server = await startStoreServer({ dataDir });
      expect(await server.store.alerts.evaluateMetrics(inMinutes(4))).toBe(0);
      expect(await metricFires(server, rule.id)).toHaveLength(1);

      // Ten minutes on, the window holds no events: resolved, once.
      expect(await server.store.alerts.evaluateMetrics(inMinutes(12))).toBe(1);
      expect(await server.store.alerts.evaluateMetrics(inMinutes(13))).toBe(0);
      const fires = await metricFires(server, rule.id);
      expect(fires.map((f) => f.metric?.level)).toEqual(['critical', 'ok']);
      expect(fires[1]!.reason.summary).toBe('resolved: error events 0 over 5 min (was critical)');
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('rates from release health and transactions', () => {
  let server: StoreServer;
  beforeAll(async () => {
    server = await startStoreServer();
  });
  afterAll(() => server.close());

  it('a crash-free session rate below 90 % fires critical, and resolves when clean sessions lift it', async () => {
    const created = await createMetricRule(server, {
      name: 'Crashes',
      aggregate: 'percentage(sessions_crashed, sessions) AS _crash_rate_alert_aggregate',
      dataset: 'metrics',
      queryType: 2,
      timeWindow: 120,
      thresholdType: 1,
      triggers: [{ label: 'critical', alertThreshold: 90, actions: [inApp] }],
    });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string };

    await sendMetricTraffic({ dsn: server.dsn, mode: 'sessions', count: 4, failed: 1 });
    expect(await server.store.alerts.evaluateMetrics(inMinutes(1))).toBe(1);
    expect((await metricFires(server, rule.id))[0]?.metric).toMatchObject({ level: 'critical', value: 75 });

    await sendMetricTraffic({ dsn: server.dsn, mode: 'sessions', count: 12, failed: 0 });
    expect(await server.store.alerts.evaluateMetrics(inMinutes(2))).toBe(1);
    const fires = await metricFires(server, rule.id);
    expect(fires.map((f) => f.metric?.level)).toEqual(['critical', 'ok']);
    expect(fires[1]!.metric?.value).toBeCloseTo(93.75);
  });

  it('a transaction failure rate above 40 % fires, and the preview shows where', async () => {
    const created = await createMetricRule(server, {
      name: 'Failing checkouts',
      aggregate: 'failure_rate()',
      dataset: 'transactions',
      queryType: 1,
      timeWindow: 10,
      thresholdType: 0,
      triggers: [{ label: 'critical', alertThreshold: 0.4, actions: [inApp] }],
    });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string };
    expect(rule).toMatchObject({ triggers: [{ alertThreshold: 0.4 }], resolveThreshold: 0.4 });

    await sendMetricTraffic({ dsn: server.dsn, mode: 'transactions', count: 5, failed: 3 });
    // The segment spans commit on their own; wait until all five are readable.
    await vi.waitFor(async () => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from spans where is_segment = 1`.execute(
        server.store.db,
      );
      const row = rows[0]!;
      expect(Number(row.n)).toBe(5);
    });
    expect(await server.store.alerts.evaluateMetrics(inMinutes(1))).toBe(1);
    expect((await metricFires(server, rule.id))[0]?.metric).toMatchObject({ level: 'critical', value: 60 });

    const slug = await projectSlug(server);
    const preview = await server.store.alerts.previewMetric(server.org, slug, {
      name: 'Failing checkouts',
      enabled: true,
      environment: null,
      query: '',
      aggregate: 'failure_rate',
      windowMinutes: 10,
      detection: { type: 'static' },
      direction: 'above',
      critical: 40,
      warning: null,
      resolve: null,
      actions: [{ type: 'in_app' }],
    });
    expect(preview?.points).toHaveLength((14 * 24 * 60) / 10);
    expect(preview?.points.filter(([, v]) => v !== null).map(([, v]) => v)).toEqual([60]);
    expect(preview?.changes).toEqual([
      { at: expect.any(Number), level: 'critical', previous: 'ok', value: 60 },
    ]);
    expect(await server.store.alerts.previewMetric(server.org, 'no-such-project', {} as never)).toBeNull();
  });

  it('a body the store cannot judge is a 400 naming the legacy field', async () => {
    const response = await createMetricRule(server, {
      name: 'Bad',
      aggregate: 'count()',
      timeWindow: 45,
      thresholdType: 0,
      triggers: [{ label: 'critical', alertThreshold: 4, actions: [inApp] }],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ timeWindow: [expect.stringContaining('1, 5, 10, 15, 30, 60')] });

    const noProject = await server.api(`/api/0/organizations/${server.org}/alert-rules/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(noProject.status).toBe(400);
    expect(Object.keys((await noProject.json()) as object)).toEqual(['projects']);
  });

  it('lists, reads, overwrites and deletes metric rules, never the issue rules', async () => {
    const created = (await (
      await createMetricRule(server, {
        name: 'Users',
        aggregate: 'count_unique(user)',
        timeWindow: 60,
        thresholdType: 0,
        triggers: [{ label: 'critical', alertThreshold: 10, actions: [inApp] }],
      })
    ).json()) as { id: string };
    const path = `/api/0/organizations/${server.org}/alert-rules/${created.id}/`;
    const list = (await (
      await server.api(`/api/0/organizations/${server.org}/alert-rules/`)
    ).json()) as unknown[];
    expect(list.map((r) => (r as { name: string }).name)).toContain('Users');
    const slug = await projectSlug(server);
    const issueRules = (await (
      await server.api(`/api/0/projects/${server.org}/${slug}/rules/`)
    ).json()) as unknown[];
    expect(issueRules).toEqual([]);

    const put = await server.api(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        projects: [slug],
        query: '',
        name: 'Users (wider)',
        aggregate: 'count_unique(user)',
        timeWindow: 1440,
        thresholdType: 0,
        triggers: [{ label: 'critical', alertThreshold: 50, actions: [inApp] }],
      }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ name: 'Users (wider)', timeWindow: 1440 });
    expect((await server.api(path, { method: 'DELETE' })).status).toBe(204);
    expect((await server.api(path)).status).toBe(404);
  });
});
