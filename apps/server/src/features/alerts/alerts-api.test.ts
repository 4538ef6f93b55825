/**
 * Dexter's alerts API over the built-in store, through the same Sentry client it would use for
 * Sentry: rules in the one model are created, listed (with fire counts) and deleted; bad rules are
 * refused with the field named (an unknown field, an impossible window, a webhook the SSRF guard
 * forbids, one whose host does not resolve); the history shows each delivery with its status.
 */
import { sendAlertBurst } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import type { AlertsHandle } from './alerts-feature';

// Each step spawns a real SDK process; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 120_000 });

let dexter: TestDexter;
let rulesPath: string;

beforeAll(async () => {
  dexter = await startTestDexter({ DEXTER_ALERT_POLL_MS: '100' });
  const { org, projects } = dexter.bootstrap!;
  rulesPath = `/api/v1/organizations/${org}/projects/${projects[0]!.slug}/alert-rules`;
});
afterAll(() => dexter.close());

const post = (body: unknown) =>
  dexter.request(rulesPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const rule = {
  name: 'More than 2 in a minute',
  triggers: [{ type: 'frequency', value: 2, window: '1m' }],
  filters: [{ type: 'level', match: 'gte', level: 'error' }],
  actions: [{ type: 'in_app' }],
  actionIntervalMinutes: 30,
};

describe('the alerts API', () => {
  it('creates a rule in the model, lists it with its firings, shows the deliveries, deletes it', async () => {
    const created = await post(rule);
    expect(created.status).toBe(201);
    const view = (await created.json()) as { id: string; rule: unknown; fireCount: number };
    expect(view).toMatchObject({
      rule: { ...rule, enabled: true, environment: null, triggerMatch: 'any' },
      fireCount: 0,
    });

    await sendAlertBurst({ dsn: dexter.bootstrap!.projects[0]!.dsn, count: 3, fingerprint: 'api-rule' });
    await dexter.store!.admin.drain();
    await (dexter.modules.get('alerts')!.handle as AlertsHandle).deliverNow();

    const list = (await (await dexter.request(rulesPath)).json()) as {
      items: Array<{ id: string; fireCount: number; lastFired: string | null }>;
    };
    expect(list.items.find((item) => item.id === view.id)).toMatchObject({
      fireCount: 1,
      lastFired: expect.any(String),
    });
    await vi.waitFor(async () => {
      const history = (await (
        await dexter.request(`/api/v1/organizations/${dexter.bootstrap!.org}/alerts/history?rule=${view.id}`)
      ).json()) as { items: Array<Record<string, unknown>> };
      expect(history.items).toEqual([
        expect.objectContaining({
          kind: 'in_app',
          status: 'delivered',
          reason: 'more than 2 events in 1 minute',
        }),
      ]);
    });

    expect((await dexter.request(`${rulesPath}/${view.id}`, { method: 'DELETE' })).status).toBe(204);
    const after = (await (await dexter.request(rulesPath)).json()) as { items: Array<{ id: string }> };
    expect(after.items.map((item) => item.id)).not.toContain(view.id);
  });

  it('refuses bad rules, naming the field', async () => {
    const refusal = async (body: unknown) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { code: string; message: string } }).error;
    };
    expect(await refusal({ ...rule, colour: 'red' })).toMatchObject({
      code: 'DEXTER_ERR_VALIDATION',
      message: 'colour: unknown field colour',
    });
    expect(
      (await refusal({ ...rule, triggers: [{ type: 'frequency', value: 2, window: '2h' }] })).message,
    ).toMatch(/^triggers\.0\.window: must be one of 1m, 5m/);
    expect(
      await refusal({
        ...rule,
        actions: [{ type: 'webhook', url: 'http://169.254.169.254/latest/meta-data' }],
      }),
    ).toMatchObject({ code: 'DEXTER_ERR_UNSAFE_URL', message: expect.stringMatching(/^actions\.0\.url: /) });
    expect(
      await refusal({
        ...rule,
        actions: [{ type: 'in_app' }, { type: 'webhook', url: 'https://alerts.does-not-exist.invalid/' }],
      }),
    ).toMatchObject({
      code: 'DEXTER_ERR_UNSAFE_URL',
      message: expect.stringMatching(/^actions\.1\.url: .*does not resolve/),
    });
  });
});
