/**
 * Spikes against a seasonal baseline: an hour is a spike when its count stands far above what
 * the same hour of the day usually sees (the median of that hour over the previous days), scaled
 * by the weekday's level when two weeks of history show one. A daily peak that happens every day
 * is the baseline, not a spike. Spread is the larger of the robust spread of that hour's history
 * and the Poisson noise of its expectation, so quiet issues do not "spike" on three events.
 * Consecutive spike hours are one spike, reported at its peak. Pure.
 */
import { DAY_MS, HOUR_MS, type HourlySeries, median, robustSpread } from './hourly-series';

export interface SpikeOptions {
  /** Hours at the end of the series that are searched for spikes (older ones are history). */
  recentHours: number;
  /** Standard deviations above the expectation. */
  minScore: number;
  /** Events in the hour, at least. */
  minCount: number;
  /** Times the expectation, at least. */
  minRatio: number;
  /** Previous days of the same hour needed for a baseline. */
  minHistoryDays: number;
}

export const DEFAULT_SPIKE_OPTIONS: SpikeOptions = {
  recentHours: 24,
  minScore: 4,
  minCount: 5,
  minRatio: 2,
  minHistoryDays: 3,
};

export interface Spike {
  /** Epoch ms of the peak hour. */
  at: number;
  count: number;
  /** What the seasonal baseline expected in that hour. */
  expected: number;
  /** Standard deviations above the expectation. */
  score: number;
  /** Consecutive spike hours. */
  hours: number;
}

const HOURS_PER_DAY = DAY_MS / HOUR_MS;
const HOURS_PER_WEEK = 7 * HOURS_PER_DAY;

/** Weekday level over the history: that weekday's mean daily total over the mean of all days. */
function weekdayFactor(counts: readonly number[], index: number): number {
  const history = index - (index % HOURS_PER_DAY);
  if (history < 2 * HOURS_PER_WEEK) return 1;
  const dailyTotals: number[] = [];
  for (let day = 0; day * HOURS_PER_DAY < history; day++) {
    dailyTotals.push(counts.slice(day * HOURS_PER_DAY, (day + 1) * HOURS_PER_DAY).reduce((a, b) => a + b, 0));
  }
  const overall = dailyTotals.reduce((a, b) => a + b, 0) / dailyTotals.length;
  const weekday = Math.floor(index / HOURS_PER_DAY) % 7;
  const same = dailyTotals.filter((_, day) => day % 7 === weekday);
  if (overall === 0 || same.length < 2) return 1;
  const factor = same.reduce((a, b) => a + b, 0) / same.length / overall;
  return Math.min(2, Math.max(0.5, factor));
}

/** The baseline of one hour: expectation and spread from the same hour on previous days. */
export function seasonalBaseline(counts: readonly number[], index: number) {
  const history: number[] = [];
  for (let past = index - HOURS_PER_DAY; past >= 0; past -= HOURS_PER_DAY) history.push(counts[past] ?? 0);
  const expected = median(history) * weekdayFactor(counts, index);
  const spread = Math.max(robustSpread(history), Math.sqrt(expected), 1);
  return { expected, spread, historyDays: history.length };
}

export function detectSpikes(series: HourlySeries, options: SpikeOptions = DEFAULT_SPIKE_OPTIONS): Spike[] {
  const { counts } = series;
  const spikes: Spike[] = [];
  let open: Spike | null = null;
  for (let index = Math.max(0, counts.length - options.recentHours); index < counts.length; index++) {
    const count = counts[index] ?? 0;
    const { expected, spread, historyDays } = seasonalBaseline(counts, index);
    const score = (count - expected) / spread;
    const isSpike =
      historyDays >= options.minHistoryDays &&
      count >= options.minCount &&
      count >= options.minRatio * expected &&
      score >= options.minScore;
    if (!isSpike) {
      open = null;
      continue;
    }
    const hour = { at: series.start + index * HOUR_MS, count, expected, score, hours: 1 };
    if (open) {
      open.hours += 1;
      if (count > open.count) Object.assign(open, { at: hour.at, count, expected, score });
    } else {
      open = hour;
      spikes.push(open);
    }
  }
  return spikes.map((spike) => ({
    ...spike,
    expected: Math.round(spike.expected * 10) / 10,
    score: Math.round(spike.score * 10) / 10,
  }));
}
