/**
 * `POST /api/v1/webhooks/sentry` end to end: a delivery signed with the configured secret over
 * its raw bytes is accepted (202) and reaches the live sockets of the org; a bad signature is 401
 * and publishes nothing; Sentry re-delivering the same payload changes nothing the second time;
 * and without a configured secret the route does not exist (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveTestSocket, openLiveSocket } from '../../testing/live-test-socket';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { deliver, errorPayload, issuePayload, signedDelivery } from '../../testing/webhook-test-payloads';

const SECRET = 'e2c9f3b1a7d54c0e9b8a6f4d2c1e0b9a';

let dexter: TestDexter;
let live: LiveTestSocket;

beforeAll(async () => {
  dexter = await startTestDexter({ DEXTER_SENTRY_WEBHOOK_SECRET: SECRET });
  live = await openLiveSocket(dexter.url, await dexter.clientAs('viewer'));
  await live.subscribe('org:dexter');
});
afterAll(async () => {
  live.close();
  await dexter.close();
});

const eventsOf = (issueId: string) =>
  live.messages.filter((m) => m.type.startsWith('issue.') && 'issueId' in m && m.issueId === issueId);

describe('Sentry webhooks', () => {
  it('accepts a signed delivery with 202 and publishes it to the org topic', async () => {
    const response = await deliver(
      dexter.url,
      signedDelivery(SECRET, 'issue', issuePayload('created', '9001')),
    );
    expect(response.status).toBe(202);
    expect(await live.waitFor((m) => m.type === 'issue.created' && m.issueId === '9001')).toMatchObject({
      org: 'dexter',
      project: 'web',
      shortId: 'WEB-9001',
      title: 'TypeError: webhook 9001',
    });
  });

  it('answers 401 to a bad signature and publishes nothing', async () => {
    const seqBefore = dexter.live.stats().seq;
    const good = signedDelivery(SECRET, 'issue', issuePayload('created', '9002'));
    const tampered = { ...good, body: good.body.replace('9002', '9003') };
    const wrongKey = signedDelivery(
      'another secret of enough length',
      'issue',
      issuePayload('created', '9004'),
    );
    const unsigned = { ...good, headers: { ...good.headers, 'sentry-hook-signature': '' } };
    for (const delivery of [tampered, wrongKey, unsigned]) {
      const response = await deliver(dexter.url, delivery);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'DEXTER_ERR_WEBHOOK_SIGNATURE',
      );
    }
    // A delivery after them is the first thing published since: nothing slipped through.
    await deliver(dexter.url, signedDelivery(SECRET, 'issue', issuePayload('resolved', '9005')));
    const after = await live.waitFor((m) => m.type === 'issue.updated' && m.issueId === '9005');
    expect('seq' in after && after.seq).toBe(seqBefore + 1);
    expect([...eventsOf('9002'), ...eventsOf('9003'), ...eventsOf('9004')]).toEqual([]);
  });

  it('writes no audit rows for deliveries, signed or not', async () => {
    const rows = await dexter.security.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'webhooks.sentry')
      .execute();
    expect(rows).toEqual([]);
  });

  it('publishes a re-delivered webhook once', async () => {
    const delivery = signedDelivery(SECRET, 'issue', issuePayload('resolved', '9010'));
    expect((await deliver(dexter.url, delivery)).status).toBe(202);
    expect((await deliver(dexter.url, delivery)).status).toBe(202);
    // A different change to the same issue, sent last, is published: then the retry would have been too.
    await deliver(dexter.url, signedDelivery(SECRET, 'issue', issuePayload('unresolved', '9010')));
    await live.waitFor(
      (m) => m.type === 'issue.updated' && m.issueId === '9010' && m.action === 'unresolved',
    );
    expect(eventsOf('9010').map((m) => 'action' in m && m.action)).toEqual(['resolved', 'unresolved']);
  });

  it('counts error deliveries, and turns alert deliveries into alert messages', async () => {
    for (let i = 0; i < 3; i++)
      await deliver(dexter.url, signedDelivery(SECRET, 'error', errorPayload('9020')));
    const metric = {
      action: 'critical',
      data: { metric_alert: { id: '7', title: 'p95 latency above 2s' }, description_title: 'Critical' },
    };
    await deliver(dexter.url, signedDelivery(SECRET, 'metric_alert', metric));
    await deliver(
      dexter.url,
      signedDelivery(SECRET, 'comment', { action: 'created', data: { comment: 'hi' } }),
    );
    await dexter.live.idle();
    expect(await live.waitFor((m) => m.type === 'issue.counts')).toMatchObject({
      counts: [{ issueId: '9020', events: 3 }],
    });
    expect(await live.waitFor((m) => m.type === 'alert.fired')).toMatchObject({
      kind: 'metric',
      title: 'p95 latency above 2s',
      status: 'critical',
    });
  });
});

describe('large deliveries', () => {
  it('accepts an error delivery carrying a 300 KB event (over the usual 64 KiB API body limit)', async () => {
    const payload = errorPayload('9030');
    Object.assign(payload.data.error, { extra: { blob: 'x'.repeat(300 * 1024) } });
    expect((await deliver(dexter.url, signedDelivery(SECRET, 'error', payload))).status).toBe(202);
    await dexter.live.idle();
    await live.waitFor((m) => m.type === 'issue.counts' && m.counts.some((c) => c.issueId === '9030'));
  });
});

describe('without a webhook secret', () => {
  it('the route answers 404', async () => {
    const plain = await startTestDexter();
    try {
      const response = await deliver(
        plain.url,
        signedDelivery(SECRET, 'issue', issuePayload('created', '1')),
      );
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
