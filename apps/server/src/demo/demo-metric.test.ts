/**
 * The demo metric: two weeks of 5-minute samples stored once as a metric source, which the
 * correlation API then correlates (the page has something to show on a demo's first start).
 */
import type { Correlation, MetricSourceList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { DEMO_METRIC_NAME, demoMetricSamples, seedDemoMetric } from './demo-metric';
import { HISTORY_HOURS } from './demo-schedule';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter({ DEXTER_DEPLOY_CHECK_MS: '0' });
});

afterAll(async () => {
  await dexter?.close();
});

describe('demo metric', () => {
  it('covers the demo history every five minutes with non-negative values', () => {
    const now = Date.parse('2026-12-07T18:40:00Z');
    const samples = demoMetricSamples(now);
    expect(samples.length).toBeGreaterThanOrEqual(HISTORY_HOURS * 12);
    expect(samples.every((sample) => sample.value >= 0 && sample.at < now)).toBe(true);
    expect(samples[1]!.at - samples[0]!.at).toBe(5 * 60_000);
  });

  it('is stored once and can be correlated', async () => {
    const org = dexter.bootstrap!.org;
    expect(await seedDemoMetric(dexter.platform.db, org)).toBe(true);
    expect(await seedDemoMetric(dexter.platform.db, org)).toBe(false);
    const list = (await (
      await dexter.request(`/api/v1/organizations/${org}/metric-sources`)
    ).json()) as MetricSourceList;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ name: DEMO_METRIC_NAME, kind: 'csv' });
    expect(list.items[0]!.points).toBeGreaterThanOrEqual(HISTORY_HOURS * 12);
    const res = await dexter.request(
      `/api/v1/organizations/${org}/metric-sources/${list.items[0]!.id}/correlation?statsPeriod=7d`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Correlation;
    // No events in this store: the error rate is flat, which the answer says instead of a figure.
    expect(body.result).toBeNull();
    expect(body.reason).toMatch(/error rate does not vary/);
  });
});
