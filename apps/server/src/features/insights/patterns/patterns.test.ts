/**
 * The pattern detectors on synthetic series whose answer is known: a seasonal daily peak that is
 * not a spike next to a burst that is, a nightly cron issue and an hourly one next to an issue
 * that is always on, and two issues in two projects that start and stop together after a deploy
 * next to one that merely overlaps them.
 */
import { describe, expect, it } from 'vitest';
import { type CoOccurrenceIssue, detectCoOccurrence } from './detect-co-occurrence';
import { detectPeriodic } from './detect-periodic';
import { detectSpikes } from './detect-spikes';
import { DAY_MS, HOUR_MS } from './hourly-series';

const START = Date.UTC(2026, 10, 2); // a Monday, 00:00 UTC
const DAYS = 14;

/** A deterministic pseudo-random generator, so "noise" is the same on every run. */
function noise(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** 14 days of hourly counts: a base rate with noise, a daily peak at 14:00 UTC. */
function seasonalSeries(seed = 7): number[] {
  const random = noise(seed);
  return Array.from({ length: DAYS * 24 }, (_, index) => {
    const hour = index % 24;
    const base = hour >= 8 && hour <= 20 ? 6 : 2;
    const peak = hour === 14 ? 30 : 0;
    return Math.round(base + peak + (random() - 0.5) * 4);
  });
}

describe('detectSpikes', () => {
  it('does not call a peak that comes every day at the same hour a spike', () => {
    expect(detectSpikes({ start: START, counts: seasonalSeries() })).toEqual([]);
  });

  it('finds a burst at an hour that is usually quiet, with what the baseline expected', () => {
    const counts = seasonalSeries();
    const burst = (DAYS - 1) * 24 + 3; // 03:00 on the last day
    counts[burst] = 40;
    counts[burst + 1] = 25;
    const spikes = detectSpikes({ start: START, counts });
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({ at: START + burst * HOUR_MS, count: 40, hours: 2 });
    expect(spikes[0]?.expected).toBeLessThan(5);
    expect(spikes[0]?.score).toBeGreaterThan(4);
  });

  it('a flat count that would be a spike without seasonality is one at a quiet hour only', () => {
    const counts = seasonalSeries();
    const lastDay = (DAYS - 1) * 24;
    counts[lastDay + 14] = 36; // the usual 14:00 peak, a little higher
    counts[lastDay + 4] = 36; // the same count at 04:00
    const spikes = detectSpikes({ start: START, counts });
    expect(spikes.map((spike) => new Date(spike.at).getUTCHours())).toEqual([4]);
  });

  it('needs a few days of history before it calls anything a spike', () => {
    expect(detectSpikes({ start: START, counts: [0, 0, 0, 1, 50, 0] })).toEqual([]);
  });
});

/** Events as hourly buckets, weighted at the middle of each hour, as the service feeds them. */
const bucketsOf = (counts: readonly number[]) =>
  counts.map((weight, index) => ({ at: START + index * HOUR_MS + HOUR_MS / 2, weight }));

describe('detectPeriodic', () => {
  it('finds an issue that fires every night at 02:00 UTC, with its phase', () => {
    const counts: number[] = Array.from({ length: DAYS * 24 }, (_, index) => (index % 24 === 2 ? 12 : 0));
    counts[5 * 24 + 3] = 1; // one straggler past the hour
    const daily = detectPeriodic(bucketsOf(counts), DAY_MS);
    expect(daily).not.toBeNull();
    expect(daily?.cycles).toBe(DAYS);
    expect(Math.round((daily?.phaseMs ?? 0) / 60_000)).toBeGreaterThanOrEqual(150);
    expect(Math.round((daily?.phaseMs ?? 0) / 60_000)).toBeLessThanOrEqual(151);
  });

  it('finds an hourly job from its event times: every hour at :15', () => {
    const events = Array.from({ length: 30 }, (_, hour) => ({
      at: START + hour * HOUR_MS + 15 * 60_000 + (hour % 3) * 20_000,
      weight: 1,
    }));
    const hourly = detectPeriodic(events, HOUR_MS);
    expect(hourly?.cycles).toBe(30);
    expect(Math.round((hourly?.phaseMs ?? 0) / 60_000)).toBe(15);
  });

  it('does not call an issue that is always on, or a one-day burst, periodic', () => {
    expect(detectPeriodic(bucketsOf(seasonalSeries()), DAY_MS)).toBeNull();
    const burst = Array.from({ length: DAYS * 24 }, (_, index) => (index >= 50 && index < 53 ? 9 : 0));
    expect(detectPeriodic(bucketsOf(burst), DAY_MS)).toBeNull();
  });

  it('does not call a nightly job periodic when it ran on two days of fourteen', () => {
    const counts = Array.from({ length: DAYS * 24 }, (_, index) =>
      index === 2 || index === 12 * 24 + 2 ? 5 : 0,
    );
    expect(detectPeriodic(bucketsOf(counts), DAY_MS)).toBeNull();
  });
});

describe('detectCoOccurrence', () => {
  const hours = 7 * 24;
  const activeBetween = (from: number, to: number, seed: number): number[] => {
    const random = noise(seed);
    return Array.from({ length: hours }, (_, index) =>
      index >= from && index < to ? 1 + Math.floor(random() * 5) : 0,
    );
  };
  const deployAt = START + 99 * HOUR_MS + 20 * 60_000;

  it('groups two issues of two projects that start and stop together, naming the deploy before them', () => {
    const issues: CoOccurrenceIssue[] = [
      { id: '1', project: 'checkout', counts: activeBetween(100, 130, 1) },
      { id: '2', project: 'payments', counts: activeBetween(101, 130, 2) },
      // Overlaps them, but started two days earlier and never stopped.
      { id: '3', project: 'search', counts: activeBetween(50, hours, 3) },
      // Always on: no start inside the window.
      { id: '4', project: 'web', counts: activeBetween(0, hours, 4) },
    ];
    const markers = [
      { version: 'shop@2.1.0', at: deployAt, kind: 'deploy' as const, environment: 'production' },
      { version: 'shop@2.0.0', at: START + 10 * HOUR_MS, kind: 'release' as const, environment: null },
    ];
    const found = detectCoOccurrence(issues, START, markers);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      issueIds: ['1', '2'],
      projects: ['checkout', 'payments'],
      start: START + 100 * HOUR_MS,
      end: START + 130 * HOUR_MS,
      stopped: true,
    });
    expect(found[0]?.similarity).toBeGreaterThan(0.9);
    expect(found[0]?.nearestMarker).toMatchObject({ version: 'shop@2.1.0', kind: 'deploy' });
    expect(found[0]?.nearestMarker?.offsetMs).toBe(-40 * 60_000);
  });

  it('does not pair issues that start together but stop far apart, nor two of one project by default', () => {
    const apart = [
      { id: '1', project: 'a', counts: activeBetween(100, 110, 1) },
      { id: '2', project: 'b', counts: activeBetween(100, 160, 2) },
    ];
    expect(detectCoOccurrence(apart, START, [])).toEqual([]);
    const sameProject = [
      { id: '1', project: 'a', counts: activeBetween(100, 130, 1) },
      { id: '2', project: 'a', counts: activeBetween(100, 130, 2) },
    ];
    expect(detectCoOccurrence(sameProject, START, [])).toEqual([]);
    expect(
      detectCoOccurrence(sameProject, START, [], {
        toleranceHours: 2,
        minSimilarity: 0.5,
        minActiveHours: 3,
        requireCrossProject: false,
        markerWindowMs: 0,
      }),
    ).toHaveLength(1);
  });
});
