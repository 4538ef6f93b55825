import { describe, expect, it } from 'vitest';
import { hourOf, offsetOf, scheduleOf, spikeSummary } from './pattern-format';
import { issuesStreamPath } from './patterns-queries';

describe('pattern words', () => {
  it('says a schedule in UTC, wrapping phases past the period', () => {
    expect(scheduleOf('daily', 130)).toBe('every day at 02:10 UTC');
    expect(scheduleOf('daily', 1440)).toBe('every day at 00:00 UTC');
    expect(scheduleOf('hourly', 15)).toBe('every hour at :15');
    expect(scheduleOf('hourly', 75)).toBe('every hour at :15');
  });

  it('says how far a release is from a start, before or after', () => {
    expect(offsetOf(-25)).toBe('25 min before the start');
    expect(offsetOf(125)).toBe('2 h 5 min after the start');
    expect(offsetOf(-60)).toBe('1 h before the start');
    expect(offsetOf(0)).toBe('at the start');
  });

  it('names an hour and a spike', () => {
    expect(hourOf('2026-12-07T14:00:00.000Z')).toBe('Dec 7, 14:00 UTC');
    expect(spikeSummary(1200, 0.4)).toBe('1,200 events in an hour (usually 0.4)');
  });

  it('links the stream to exactly the pattern’s issues, any status', () => {
    expect(issuesStreamPath('acme', ['SHOP-1', 'PAY-2'])).toBe(
      '/acme/issues?query=issue%3A%5BSHOP-1%2C+PAY-2%5D&status=all',
    );
    expect(issuesStreamPath('acme', ['SHOP-1'])).toBe('/acme/issues?query=issue%3ASHOP-1&status=all');
  });
});
