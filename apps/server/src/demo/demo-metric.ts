/**
 * The demo's business metric, so the correlation page has something to show on first start:
 * "Checkouts per minute" of the demo shop over the demo's two weeks, stored as an uploaded (CSV)
 * metric source. It follows the shop's daily traffic and loses checkouts an hour after storefront
 * errors in production (the demo's own schedule, `demo-schedule.ts`), plus noise: a triager sees
 * the error bursts after the shop@1.5.0 deploy line up with a dip, and the page's note that
 * shared traffic alone also makes errors and checkouts move together.
 */
import type { DexterDb } from '../db/database';
import { createMetricSourcesStore } from '../features/metric-correlation/metric-sources-store';
import type { Sample } from '../features/metric-correlation/stats/resample';
import { normalDraws, seededRandom } from '../features/metric-correlation/stats/synthetic-series';
import { HISTORY_HOURS, scheduleErrors } from './demo-schedule';

export const DEMO_METRIC_NAME = 'Checkouts per minute (demo)';
const HOUR_MS = 3_600_000;
const SAMPLE_MS = 5 * 60_000;
const LOST_PER_ERROR = 1.2;

/** Shoppers by hour of day (UTC), the same shape as the demo's error traffic. */
const traffic = (at: number) => {
  const hour = new Date(at).getUTCHours();
  return 0.45 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) ** 2;
};

export function demoMetricSamples(now: number): Sample[] {
  const firstHour = Math.floor(now / HOUR_MS) * HOUR_MS - HISTORY_HOURS * HOUR_MS;
  const errorsPerHour = new Array<number>(HISTORY_HOURS + 1).fill(0);
  for (const error of scheduleErrors('storefront', now)) {
    if (error.environment !== 'production') continue;
    const index = Math.floor((error.at - firstHour) / HOUR_MS);
    if (index >= 0 && index < errorsPerHour.length) errorsPerHour[index]!++;
  }
  const normal = normalDraws(seededRandom(1_500));
  const samples: Sample[] = [];
  for (let at = firstHour; at < now; at += SAMPLE_MS) {
    const hour = Math.floor((at - firstHour) / HOUR_MS);
    const lost = hour >= 1 ? LOST_PER_ERROR * errorsPerHour[hour - 1]! : 0;
    const value = Math.max(0, 80 * traffic(at) - lost + 2.5 * normal());
    samples.push({ at, value: Math.round(value * 10) / 10 });
  }
  return samples;
}

/** Adds the demo metric once (by name) to the organization's metric sources. */
export async function seedDemoMetric(db: DexterDb, org: string, now = Date.now()): Promise<boolean> {
  const store = createMetricSourcesStore(db, () => now);
  if ((await store.list(org)).some((source) => source.name === DEMO_METRIC_NAME)) return false;
  const id = await store.create({
    org,
    name: DEMO_METRIC_NAME,
    kind: 'csv',
    baseUrl: null,
    query: null,
    stepSeconds: null,
    pollSeconds: null,
    hasToken: false,
  });
  await store.putSamples(id, demoMetricSamples(now));
  return true;
}
