import { describe, expect, it } from 'vitest';
import { DEMO_RELEASES, releaseAt } from './demo-releases';
import { HISTORY_HOURS, scheduleErrors, scheduleSessions } from './demo-schedule';

const HOUR = 3_600_000;
const now = Date.parse('2026-12-07T15:00:00Z');

const productionDeployOf = (version: string) =>
  DEMO_RELEASES.find((release) => release.version === version)!.deploys.find(
    (deploy) => deploy.environment === 'production',
  )!.hoursAgo;

describe('demo schedule', () => {
  it('is the same history every time, shifted to now (the daily rhythm follows the clock)', () => {
    const first = scheduleErrors('storefront', now);
    const nextDay = scheduleErrors('storefront', now + 24 * HOUR);
    expect(nextDay.map((error) => error.at - 24 * HOUR)).toEqual(first.map((error) => error.at));
  });

  it('spreads errors over the two weeks, never in the future', () => {
    const errors = ['storefront', 'payments', 'invoicing'].flatMap((service) => scheduleErrors(service, now));
    const days = new Set(errors.map((error) => Math.floor((now - error.at) / (24 * HOUR))));
    expect(days.size).toBeGreaterThanOrEqual(13);
    expect(Math.max(...errors.map((error) => error.at))).toBeLessThan(now);
    expect(Math.min(...errors.map((error) => error.at))).toBeGreaterThanOrEqual(now - HISTORY_HOURS * HOUR);
  });

  it('tags each error with the release deployed to its environment at that time', () => {
    for (const error of scheduleErrors('payments', now)) {
      expect(error.release).toBe(releaseAt(error.environment, (now - error.at) / HOUR));
    }
  });

  it('makes the production deploy of shop@1.5.0 at least double the storefront error rate', () => {
    const deployAt = now - productionDeployOf('shop@1.5.0') * HOUR;
    const production = scheduleErrors('storefront', now).filter(
      (error) => error.environment === 'production',
    );
    const inWindow = (from: number, to: number) =>
      production.filter((error) => error.at >= from && error.at < to).length;
    const before = inWindow(deployAt - 2 * HOUR, deployAt);
    const after = inWindow(deployAt, deployAt + 2 * HOUR);
    expect(after).toBeGreaterThanOrEqual(2 * Math.max(before, 5));
  });

  it('gives shop@1.5.0 more crashed sessions than shop@1.4.0', () => {
    const sessions = ['storefront', 'payments', 'invoicing'].flatMap((service) =>
      scheduleSessions(service, now),
    );
    const crashRate = (release: string) => {
      const of = sessions.filter((session) => session.release === release);
      return of.filter((session) => session.status === 'crashed').length / of.length;
    };
    expect(crashRate('shop@1.5.0')).toBeGreaterThan(2 * crashRate('shop@1.4.0'));
  });
});
