/**
 * Periodic (cron-like) issues: events that come back at the same phase of a period, every day at
 * 02:00 or every hour at :15. The phase of each event (its time modulo the period) is a point on
 * a circle; the mean resultant length R of those points (circular statistics) is 1 when every
 * event has the same phase and near 0 when events are spread over the period. An issue is
 * periodic when R is high, events fall in enough different cycles, and most cycles between the
 * first and the last have events (a burst within one day is not a schedule). Pure.
 */

export interface PeriodicOptions {
  /** Mean resultant length, at least. */
  minConcentration: number;
  /** Different cycles (days, hours) with events, at least. */
  minCycles: number;
  /** Share of the cycles from the first to the last that have events, at least. */
  minCoverage: number;
}

export const DEFAULT_PERIODIC_OPTIONS: PeriodicOptions = {
  minConcentration: 0.9,
  minCycles: 3,
  minCoverage: 0.6,
};

export interface TimedWeight {
  /** Epoch ms. */
  at: number;
  /** Events at that time (1 for a single event, a bucket's count for a bucket's middle). */
  weight: number;
}

export interface Periodicity {
  periodMs: number;
  /** Mean phase: ms after the start of the period (UTC), e.g. 7_200_000 = 02:00 for a day. */
  phaseMs: number;
  concentration: number;
  cycles: number;
  coverage: number;
}

/** The periodicity of the events, or null when they do not follow this period. */
export function detectPeriodic(
  points: readonly TimedWeight[],
  periodMs: number,
  options: PeriodicOptions = DEFAULT_PERIODIC_OPTIONS,
): Periodicity | null {
  let x = 0;
  let y = 0;
  let total = 0;
  const cycles = new Set<number>();
  for (const { at, weight } of points) {
    if (weight <= 0) continue;
    const angle = (2 * Math.PI * (((at % periodMs) + periodMs) % periodMs)) / periodMs;
    x += weight * Math.cos(angle);
    y += weight * Math.sin(angle);
    total += weight;
    cycles.add(Math.floor(at / periodMs));
  }
  if (total === 0 || cycles.size < options.minCycles) return null;
  const concentration = Math.hypot(x, y) / total;
  const span = Math.max(...cycles) - Math.min(...cycles) + 1;
  const coverage = cycles.size / span;
  if (concentration < options.minConcentration || coverage < options.minCoverage) return null;
  const angle = (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
  return {
    periodMs,
    phaseMs: Math.round((angle / (2 * Math.PI)) * periodMs) % periodMs,
    concentration: Math.round(concentration * 1000) / 1000,
    cycles: cycles.size,
    coverage: Math.round(coverage * 1000) / 1000,
  };
}
