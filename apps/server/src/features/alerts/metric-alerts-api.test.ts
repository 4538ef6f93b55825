/**
 * Dexter's metric alerts API over the built-in store, through the same Sentry client it would use
 * for an older self-hosted Sentry: a metric rule in the model is created, listed and overwritten;
 * real SDK events push it over its threshold and its firing is delivered once; the 14-day preview
 * (the store's own evaluation code) shows the same change; bad rules are refused naming the field.
 */
import { sendAlertBurst } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import type { AlertsHandle } from './alerts-feature';

// Each step spawns a real SDK process; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 120_000 });

let dexter: TestDexter;
let metricPath: string;

beforeAll(async () => {
  dexter = await startTestDexter({ DEXTER_ALERT_POLL_MS: '100' });
  const { org, projects } = dexter.bootstrap!;
  metricPath = `/api/v1/organizations/${org}/projects/${projects[0]!.slug}/metric-alerts`;
});
afterAll(() => dexter.close());

const send = (path: string, method: string, body: unknown) =>
  dexter.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const rule = {
  name: 'Error storm',
  aggregate: 'event_count',
  windowMinutes: 5,
  direction: 'above',
  critical: 2,
  actions: [{ type: 'in_app' }],
};

describe('the metric alerts API', () => {
  it('creates a rule, fires it on real events once, previews it, overwrites and deletes it', async () => {
    const created = await send(metricPath, 'POST', rule);
    expect(created.status).toBe(201);
    const view = (await created.json()) as { id: string };
    expect(view).toMatchObject({
      rule: {
        ...rule,
        enabled: true,
        environment: null,
        warning: null,
        resolve: null,
        detection: { type: 'static' },
      },
      fireCount: 0,
    });

    await sendAlertBurst({ dsn: dexter.bootstrap!.projects[0]!.dsn, count: 3, fingerprint: 'metric-api' });
    await dexter.store!.admin.drain();
    expect(await dexter.store!.alerts.evaluateMetrics(Date.now() + 60_000)).toBe(1);
    expect(await dexter.store!.alerts.evaluateMetrics(Date.now() + 120_000)).toBe(0);
    await (dexter.modules.get('alerts')!.handle as AlertsHandle).deliverNow();
    await vi.waitFor(async () => {
      const history = (await (
        await dexter.request(`/api/v1/organizations/${dexter.bootstrap!.org}/alerts/history?rule=${view.id}`)
      ).json()) as { items: Array<Record<string, unknown>> };
      expect(history.items).toEqual([
        expect.objectContaining({
          kind: 'in_app',
          status: 'delivered',
          reason: 'critical: error events 3 over 5 min, above 2',
        }),
      ]);
    });
    const list = (await (await dexter.request(metricPath)).json()) as {
      items: Array<{ id: string; fireCount: number }>;
    };
    expect(list.items).toEqual([expect.objectContaining({ id: view.id, fireCount: 1 })]);

    const preview = await send(`${metricPath}/preview`, 'POST', rule);
    expect(preview.status).toBe(200);
    const body = (await preview.json()) as { stepMinutes: number; points: unknown[]; changes: unknown[] };
    expect(body.stepMinutes).toBe(5);
    expect(body.points).toHaveLength((14 * 24 * 60) / 5);
    expect(body.changes).toEqual([expect.objectContaining({ level: 'critical', previous: 'ok', value: 3 })]);

    const put = await send(`${metricPath}/${view.id}`, 'PUT', { ...rule, critical: 10, warning: 5 });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ rule: { critical: 10, warning: 5 } });
    expect((await dexter.request(`${metricPath}/${view.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(((await (await dexter.request(metricPath)).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses bad rules, naming the field', async () => {
    const refusal = async (body: unknown, path = metricPath) => {
      const response = await send(path, 'POST', body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { code: string; message: string } }).error;
    };
    expect((await refusal({ ...rule, windowMinutes: 45 })).message).toMatch(
      /^windowMinutes: the window must be one of 1, 5/,
    );
    expect((await refusal({ ...rule, warning: 3 })).message).toMatch(/^warning: must be below the critical/);
    expect((await refusal({ ...rule, colour: 'red' }, `${metricPath}/preview`)).message).toBe(
      'colour: unknown field colour',
    );
    expect(
      await refusal({
        ...rule,
        actions: [{ type: 'webhook', url: 'http://169.254.169.254/latest/meta-data' }],
      }),
    ).toMatchObject({ code: 'DEXTER_ERR_UNSAFE_URL', message: expect.stringMatching(/^actions\.0\.url: /) });
  });

  it('a snoozed rule keeps its firings in the history as snoozed and sends nothing, until unsnoozed', async () => {
    const org = dexter.bootstrap!.org;
    const view = (await (await send(metricPath, 'POST', { ...rule, name: 'Snoozed storm' })).json()) as {
      id: string;
    };
    const snoozePath = `/api/v1/organizations/${org}/alerts/snoozes/metric/${view.id}`;
    const snoozed = await send(snoozePath, 'PUT', { hours: 2 });
    expect(snoozed.status).toBe(200);
    expect(await snoozed.json()).toMatchObject({
      kind: 'metric',
      ruleId: view.id,
      until: expect.any(String),
    });
    const list = (await (await dexter.request(`/api/v1/organizations/${org}/alerts/snoozes`)).json()) as {
      items: Array<{ ruleId: string }>;
    };
    expect(list.items.map((s) => s.ruleId)).toEqual([view.id]);

    await sendAlertBurst({ dsn: dexter.bootstrap!.projects[0]!.dsn, count: 3, fingerprint: 'metric-snooze' });
    await dexter.store!.admin.drain();
    expect(await dexter.store!.alerts.evaluateMetrics(Date.now() + 3 * 60_000)).toBe(1);
    await (dexter.modules.get('alerts')!.handle as AlertsHandle).deliverNow();
    const history = (await (
      await dexter.request(`/api/v1/organizations/${org}/alerts/history?rule=${view.id}`)
    ).json()) as { items: Array<{ status: string; attempts: number }> };
    expect(history.items).toEqual([expect.objectContaining({ status: 'snoozed', attempts: 0 })]);

    expect((await dexter.request(snoozePath, { method: 'DELETE' })).status).toBe(204);
    const after = (await (await dexter.request(`/api/v1/organizations/${org}/alerts/snoozes`)).json()) as {
      items: unknown[];
    };
    expect(after.items).toEqual([]);
  });

  it('refuses a snooze without a time, with both, or ending in the past, naming the field', async () => {
    const path = `/api/v1/organizations/${dexter.bootstrap!.org}/alerts/snoozes/issue/1`;
    const message = async (body: unknown) => {
      const response = await send(path, 'PUT', body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { message: string } }).error.message;
    };
    expect(await message({})).toMatch(/until/);
    expect(await message({ hours: 1, until: '2030-01-01T00:00:00Z' })).toMatch(/until/);
    expect(await message({ until: '2020-01-01T00:00:00Z' })).toBe('until: must be in the future');
    expect(await message({ hours: -1 })).toMatch(/hours/);
  });
});
