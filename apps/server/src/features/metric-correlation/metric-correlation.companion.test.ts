/**
 * Companion mode: Dexter in front of a Sentry (here the built-in store served on its own, reached
 * through SENTRY_URL with a token, as sentry.io would be), a metric uploaded as CSV. The error
 * rates come through the same upstream client as in standalone mode, so the same answer: the
 * checkout issue leads the metric by two hours, significantly, and ranks first; the unrelated
 * issue is not significant.
 */
import type { CorrelatedIssues, Correlation, MetricSource } from '@dexter/contracts';
import {
  envelopeOf,
  postEnvelope,
  type StoreServer,
  startStoreServer,
  testEvent,
} from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimited } from '../../release-data/deploys-in-range';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { checkoutScenario, LAG_HOURS } from './scenario/checkout-scenario';

const HOUR = 3_600_000;
const scenario = checkoutScenario(Math.floor(Date.now() / HOUR) * HOUR);

let store: StoreServer;
let dexter: TestDexter;
let base: string;

async function sendHourly(counts: number[], fingerprint: string) {
  const events = counts.flatMap((count, h) =>
    Array.from({ length: count }, (_, i) =>
      testEvent({
        at: scenario.hours[h]! + 60_000 + i * 30_000,
        fingerprint: [fingerprint],
        value: fingerprint,
      }),
    ),
  );
  await mapLimited(events, 8, async (event) => {
    const res = await postEnvelope(store.url, store.projectId, store.publicKey, envelopeOf(event));
    expect(res.status).toBe(200);
  });
}

beforeAll(async () => {
  store = await startStoreServer();
  dexter = await startTestDexter({
    SENTRY_URL: store.url,
    SENTRY_TOKEN: store.token,
    SENTRY_ORG: store.org,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_DEPLOY_CHECK_MS: '0',
  });
  base = `/api/v1/organizations/${store.org}/metric-sources`;
  await sendHourly(scenario.incident, 'checkout-timeout');
  await sendHourly(scenario.unrelated, 'avatar-resize');
}, 120_000);

afterAll(async () => {
  await dexter?.close();
  await store?.close();
});

describe('metric correlation in companion mode', () => {
  it('ranks the checkout issue first with the known lag, the unrelated one not significant', async () => {
    const csv = `timestamp,value\n${scenario.metric.map((s) => `${s.at},${s.value}`).join('\n')}\n`;
    const created = await dexter.request(base, {
      method: 'POST',
      body: JSON.stringify({ kind: 'csv', name: 'Checkouts', csv }),
    });
    expect(created.status).toBe(201);
    const source = (await created.json()) as MetricSource;

    const res = await dexter.request(`${base}/${source.id}/correlated-issues?statsPeriod=3d&maxLagHours=6`);
    expect(res.status).toBe(200);
    const ranked = (await res.json()) as CorrelatedIssues;
    expect(ranked.items.map((item) => item.title)).toEqual([
      expect.stringContaining('checkout-timeout'),
      expect.stringContaining('avatar-resize'),
    ]);
    expect(ranked.items[0]!.result).toMatchObject({ lag: LAG_HOURS, significant: true });
    expect(ranked.items[1]!.result!.significant).toBe(false);

    const single = (await (
      await dexter.request(
        `${base}/${source.id}/correlation?issue=${ranked.items[0]!.issueId}&statsPeriod=3d&maxLagHours=6`,
      )
    ).json()) as Correlation;
    expect(single.target.kind).toBe('issue');
    expect(single.result).toMatchObject({ lag: LAG_HOURS, significant: true });
    expect(single.result!.r).toBeLessThan(-0.8);

    // Without the daily cycle (the metric has one, the errors not): the same lag, still significant.
    const cleaned = (await (
      await dexter.request(
        `${base}/${source.id}/correlation?issue=${ranked.items[0]!.issueId}&statsPeriod=3d&maxLagHours=6&dailyCycle=remove`,
      )
    ).json()) as Correlation;
    expect(cleaned.dailyCycle).toBe('remove');
    expect(cleaned.result).toMatchObject({ lag: LAG_HOURS, significant: true });
    expect(cleaned.summary).toContain('with the daily cycle removed');
    const refused = await dexter.request(`${base}/${source.id}/correlation?dailyCycle=sometimes`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/dailyCycle/);
  });
});
