/**
 * Alert deliveries end to end: real `@sentry/node` events into Dexter's built-in store fire a
 * frequency rule, and Dexter delivers its actions from the outbox to real receivers (an HTTP
 * webhook endpoint, an SMTP server, a live WebSocket): once per action interval, signed; a failing
 * receiver is retried with backoff and then dead-lettered; a target the SSRF guard forbids is
 * dead-lettered at once; a restart in the middle of a window neither forgets the count nor fires
 * twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendAlertBurst } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLiveSocket } from '../../testing/live-test-socket';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import {
  type MailReceiver,
  startMailReceiver,
  startWebhookReceiver,
  type WebhookReceiver,
} from './alert-test-receivers';
import type { AlertsHandle } from './alerts-feature';
import { verifyWebhook } from './webhook-signature';

// Each step spawns a real SDK process; on a loaded 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const SENTRY_APP = 'sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction';
const FREQUENCY = 'sentry.rules.conditions.event_frequency.EventFrequencyCondition';

const dexterAction = (settings: Record<string, string>) => ({
  id: SENTRY_APP,
  sentryAppInstallationUuid: 'dexter',
  settings: Object.entries(settings).map(([name, value]) => ({ name, value })),
});

const envFor = (mail: MailReceiver) => ({
  DEXTER_SMTP_URL: mail.url,
  DEXTER_ALLOW_PRIVATE_URLS: '127.0.0.1',
  DEXTER_ALERT_POLL_MS: '100',
  DEXTER_ALERT_RETRY_BASE_MS: '40',
  DEXTER_ALERT_MAX_ATTEMPTS: '3',
});

const alertsOf = (dexter: TestDexter) => dexter.modules.get('alerts')!.handle as AlertsHandle;

async function createRule(dexter: TestDexter, body: Record<string, unknown>): Promise<string> {
  const { org, token, projects } = dexter.bootstrap!;
  const response = await fetch(`${dexter.listenUrl}/api/0/projects/${org}/${projects[0]!.slug}/rules/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ frequency: 60, actionMatch: 'any', filterMatch: 'all', filters: [], ...body }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const frequency = (value: number) => [{ id: FREQUENCY, value, interval: '1h' }];

/** Every ingested event committed and judged, then one delivery cycle run. */
async function settle(dexter: TestDexter): Promise<void> {
  await dexter.store!.admin.drain();
  await alertsOf(dexter).deliverNow();
}

async function deliveriesOf(dexter: TestDexter, ruleId: string) {
  return alertsOf(dexter).outbox.list({ org: dexter.bootstrap!.org, ruleId: Number(ruleId), limit: 100 });
}

describe('alert deliveries', () => {
  let dexter: TestDexter;
  let mail: MailReceiver;
  let hooks: WebhookReceiver;
  let failing: WebhookReceiver;

  beforeAll(async () => {
    mail = await startMailReceiver();
    hooks = await startWebhookReceiver(200);
    failing = await startWebhookReceiver(500);
    dexter = await startTestDexter(envFor(mail));
  });
  afterAll(async () => {
    await dexter.close();
    await Promise.all([mail.close(), hooks.close(), failing.close()]);
  });

  it('fires once: one signed webhook, one e-mail, one in-app message; a second burst inside the interval sends nothing', async () => {
    const { org, projects } = dexter.bootstrap!;
    const members = (await (
      await fetch(`${dexter.listenUrl}/api/0/organizations/${org}/members/`, {
        headers: { authorization: `Bearer ${dexter.bootstrap!.token}` },
      })
    ).json()) as Array<{ id: string; email: string }>;
    const member = members[0]!;
    const ruleId = await createRule(dexter, {
      name: 'Checkout is failing',
      conditions: frequency(4),
      actions: [
        dexterAction({ kind: 'webhook', url: hooks.url }),
        { id: 'sentry.mail.actions.NotifyEmailAction', targetType: 'Member', targetIdentifier: member.id },
        dexterAction({ kind: 'in_app' }),
      ],
    });
    const live = await openLiveSocket(dexter.url, await dexter.clientAs('viewer'));
    await live.subscribe(`org:${org}`);

    await sendAlertBurst({ dsn: projects[0]!.dsn, count: 6, fingerprint: 'deliver-once' });
    await settle(dexter);
    await vi.waitFor(() => expect(hooks.received).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(mail.mails).toHaveLength(1), { timeout: 5_000 });
    const fired = await live.waitFor((m) => m.type === 'alert.fired', 5_000);
    expect(fired).toMatchObject({
      org,
      kind: 'issue',
      title: expect.stringContaining('Checkout is failing'),
    });

    const [hook] = hooks.received;
    const valid = verifyWebhook(
      alertsOf(dexter).signingSecret,
      String(hook!.headers['x-dexter-timestamp']),
      hook!.body,
      String(hook!.headers['x-dexter-signature']),
    );
    expect(valid).toBe(true);
    expect(
      verifyWebhook(
        'another secret',
        String(hook!.headers['x-dexter-timestamp']),
        hook!.body,
        String(hook!.headers['x-dexter-signature']),
      ),
    ).toBe(false);
    const payload = JSON.parse(hook!.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      action: 'triggered',
      rule: { id: ruleId, name: 'Checkout is failing' },
      issue: { title: expect.stringContaining('CheckoutError'), project: projects[0]!.slug },
      reason: { summary: 'more than 4 events in 1 hour' },
    });
    expect(mail.mails[0]!.to).toEqual([member.email]);
    expect(mail.mails[0]!.raw).toContain('Checkout is failing');
    expect(mail.mails[0]!.raw).toContain('more than 4 events in 1 hour');

    // A second burst inside the action interval: nothing more is sent on any channel.
    await sendAlertBurst({ dsn: projects[0]!.dsn, count: 6, fingerprint: 'deliver-once' });
    await settle(dexter);
    expect(hooks.received).toHaveLength(1);
    expect(mail.mails).toHaveLength(1);
    expect(live.messages.filter((m) => m.type === 'alert.fired')).toHaveLength(1);
    expect((await deliveriesOf(dexter, ruleId)).map((d) => [d.kind, d.status]).sort()).toEqual([
      ['email', 'delivered'],
      ['in_app', 'delivered'],
      ['webhook', 'delivered'],
    ]);
    live.close();
  });

  it('retries a failing receiver with backoff, then dead-letters the delivery', async () => {
    const ruleId = await createRule(dexter, {
      name: 'Failing receiver',
      conditions: frequency(1),
      actions: [dexterAction({ kind: 'webhook', url: failing.url })],
    });
    await sendAlertBurst({
      dsn: dexter.bootstrap!.projects[0]!.dsn,
      count: 2,
      fingerprint: 'deliver-failing',
    });
    await settle(dexter);
    await vi.waitFor(
      async () => expect((await deliveriesOf(dexter, ruleId)).map((d) => d.status)).toEqual(['dead']),
      { timeout: 10_000, interval: 50 },
    );
    const [delivery] = await deliveriesOf(dexter, ruleId);
    expect(delivery).toMatchObject({ attempts: 3, last_error: expect.stringContaining('answered 500') });
    expect(failing.received).toHaveLength(3);
    // The same delivery id every time, so a receiver can drop repeats; waits grow between tries.
    expect(new Set(failing.received.map((r) => r.headers['x-dexter-delivery'])).size).toBe(1);
    const [a, b, c] = failing.received.map((r) => r.at);
    expect(c! - b!).toBeGreaterThanOrEqual(40);
    expect(b! - a!).toBeGreaterThanOrEqual(20);
  });

  it('dead-letters at once a target the SSRF guard forbids', async () => {
    const ruleId = await createRule(dexter, {
      name: 'Metadata service',
      conditions: frequency(1),
      actions: [dexterAction({ kind: 'webhook', url: 'http://169.254.169.254/latest/meta-data' })],
    });
    await sendAlertBurst({
      dsn: dexter.bootstrap!.projects[0]!.dsn,
      count: 2,
      fingerprint: 'deliver-forbidden',
    });
    await settle(dexter);
    await vi.waitFor(
      async () => expect((await deliveriesOf(dexter, ruleId)).map((d) => d.status)).toEqual(['dead']),
      { timeout: 5_000, interval: 50 },
    );
    const [delivery] = await deliveriesOf(dexter, ruleId);
    expect(delivery).toMatchObject({ attempts: 1, last_error: expect.stringContaining('SSRF guard') });
  });
});

describe('a restart of Dexter in the middle of a window', () => {
  it('neither forgets the count nor delivers twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dexter-alerts-restart-'));
    const mail = await startMailReceiver();
    const hooks = await startWebhookReceiver(200);
    const start = () => startTestDexter({ ...envFor(mail), DEXTER_DATA_DIR: dataDir });
    try {
      let dexter = await start();
      await createRule(dexter, {
        name: 'Across restarts',
        conditions: frequency(5),
        actions: [dexterAction({ kind: 'webhook', url: hooks.url })],
      });
      await sendAlertBurst({ dsn: dexter.bootstrap!.projects[0]!.dsn, count: 4, fingerprint: 'restart' });
      await settle(dexter);
      expect(hooks.received).toHaveLength(0);
      await dexter.close();

      dexter = await start();
      await sendAlertBurst({ dsn: dexter.bootstrap!.projects[0]!.dsn, count: 2, fingerprint: 'restart' });
      await settle(dexter);
      await vi.waitFor(() => expect(hooks.received).toHaveLength(1), { timeout: 5_000 });
      await dexter.close();

      dexter = await start();
      await sendAlertBurst({ dsn: dexter.bootstrap!.projects[0]!.dsn, count: 3, fingerprint: 'restart' });
      await settle(dexter);
      expect(hooks.received).toHaveLength(1);
      await dexter.close();
    } finally {
      await Promise.all([mail.close(), hooks.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
