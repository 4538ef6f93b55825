/**
 * A synthetic shop whose truth is known, for the acceptance tests, the browser test and the demo:
 * a checkout-timeout issue with incident bursts, an unrelated issue with random counts, and a
 * "checkouts per minute" metric that drops `LAG_HOURS` after each burst (the checkouts those
 * timeouts cost), sampled every five minutes with noise. Deterministic per seed. Pure.
 */
import type { Sample } from '../stats/resample';
import { normalDraws, seededRandom } from '../stats/synthetic-series';

export const LAG_HOURS = 2;
const HOUR_MS = 3_600_000;
const SAMPLE_MS = 5 * 60_000;
/** Bursts as [hours before the end, length in hours, extra events per hour]. */
const BURSTS: ReadonlyArray<[number, number, number]> = [
  [80, 4, 14],
  [57, 3, 20],
  [33, 5, 10],
  [12, 3, 16],
];

export interface CheckoutScenario {
  /** Start of each hour, epoch ms, oldest first. */
  hours: number[];
  /** Events per hour of the checkout-timeout issue. */
  incident: number[];
  /** Events per hour of an issue unrelated to the metric. */
  unrelated: number[];
  /** Checkouts per minute, every five minutes. */
  metric: Sample[];
}

/** `hourCount` whole hours ending at `endHour` (an hour boundary, exclusive). */
export function checkoutScenario(endHour: number, hourCount = 96, seed = 20): CheckoutScenario {
  const random = seededRandom(seed);
  const normal = normalDraws(random);
  const hours = Array.from({ length: hourCount }, (_, i) => endHour - (hourCount - i) * HOUR_MS);
  const incident = hours.map(() => 1 + Math.floor(random() * 3));
  for (const [before, length, extra] of BURSTS) {
    for (let k = 0; k < length; k++) {
      const index = hourCount - before + k;
      if (index >= 0 && index < hourCount) incident[index]! += extra;
    }
  }
  const unrelated = hours.map(() => Math.floor(random() * 6));
  const metric: Sample[] = [];
  hours.forEach((start, h) => {
    const cause = h >= LAG_HOURS ? incident[h - LAG_HOURS]! : incident[0]!;
    const level = 120 + 6 * Math.sin((2 * Math.PI * h) / 24) - 3 * cause;
    for (let at = start; at < start + HOUR_MS; at += SAMPLE_MS) {
      metric.push({ at, value: Math.round((level + 2 * normal()) * 10) / 10 });
    }
  });
  return { hours, incident, unrelated, metric };
}
