import { describe, expect, it } from 'vitest';
import { formatRelativeTime, toIsoTime } from './relative-time';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [10_000, 'just now'],
    [50_000, '1m ago'],
    [5 * 60_000, '5m ago'],
    [59 * 60_000, '59m ago'],
    [3 * 3_600_000, '3h ago'],
    [2 * 86_400_000, '2d ago'],
    [45 * 86_400_000, '1mo ago'],
    [800 * 86_400_000, '2y ago'],
  ])('shows %i ms in the past as %s', (ms, expected) => {
    expect(formatRelativeTime(ago(ms), NOW)).toBe(expected);
  });

  it('shows future times (clock skew) as "in …"', () => {
    expect(formatRelativeTime(ago(-2 * 3_600_000), NOW)).toBe('in 2h');
  });

  it.each([null, undefined, '', 'not a date'])('shows a dash for %j', (value) => {
    expect(formatRelativeTime(value, NOW)).toBe('—');
  });
});

describe('toIsoTime', () => {
  it('normalizes to ISO 8601 UTC', () => {
    expect(toIsoTime('2026-03-10T13:00:00+01:00')).toBe('2026-03-10T12:00:00.000Z');
  });

  it('is undefined for a missing time', () => {
    expect(toIsoTime(null)).toBeUndefined();
  });
});
