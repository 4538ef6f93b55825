import { describe, expect, it } from 'vitest';
import {
  compileWildcard,
  hasWildcard,
  parseRelativeDate,
  parseSearchDate,
  parseSearchNumber,
} from './search-values';

describe('parseSearchNumber', () => {
  it.each([
    ['100', 100],
    ['2.5k', 2500],
    ['1m', 1_000_000],
    ['3b', 3_000_000_000],
    ['-4', -4],
    ['1.', 1],
  ])('reads %s as %d', (text, value) => {
    expect(parseSearchNumber(text)).toBe(value);
  });

  it.each(['lots', '1.5K', '10x', '', 'k'])('refuses %j', (text) => {
    expect(parseSearchNumber(text)).toBeNull();
  });
});

describe('parseRelativeDate', () => {
  it('reads - as within and + as longer ago, in minutes, hours, days or weeks', () => {
    expect(parseRelativeDate('-24h')).toEqual({ newer: true, ms: 24 * 3_600_000 });
    expect(parseRelativeDate('+2w')).toEqual({ newer: false, ms: 2 * 604_800_000 });
    expect(parseRelativeDate('-30m')).toEqual({ newer: true, ms: 30 * 60_000 });
  });

  it.each(['24h', '-3x', '-30s', '-1234567d'])('refuses %j', (text) => {
    expect(parseRelativeDate(text)).toBeNull();
  });
});

describe('parseSearchDate', () => {
  it('reads a date as that whole UTC day', () => {
    const at = Date.parse('2026-11-01T00:00:00Z');
    expect(parseSearchDate('2026-11-01')).toEqual({ at, from: at, to: at + 86_400_000 });
  });

  it('reads a datetime as UTC unless it has an offset, five minutes either side', () => {
    const at = Date.parse('2026-11-01T10:00:00Z');
    expect(parseSearchDate('2026-11-01T12:00:00+02:00')).toEqual({
      at,
      from: at - 300_000,
      to: at + 300_000,
    });
    expect(parseSearchDate('2026-11-01T10:00:00')?.at).toBe(at);
    expect(parseSearchDate('2026-11-01T10:00:00.5Z')?.at).toBe(at + 500);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-11-01T24:00:00', 'yesterday', '2026-11-01 10:00:00'])(
    'refuses %j',
    (text) => {
      expect(parseSearchDate(text)).toBeNull();
    },
  );
});

describe('wildcards', () => {
  it('finds unescaped stars only', () => {
    expect(hasWildcard('app.*')).toBe(true);
    expect(hasWildcard('a\\*b')).toBe(false);
    expect(hasWildcard('a\\\\*b')).toBe(true);
  });

  it('matches a whole value case-insensitively, or anywhere when asked to', () => {
    expect(compileWildcard('handle*', false)('HandleSubmit')).toBe(true);
    expect(compileWildcard('handle*', false)('onHandle')).toBe(false);
    expect(compileWildcard('*node_modules*', false)('/app/node_modules/x.js')).toBe(true);
    expect(compileWildcard('time', true)('Request timed out')).toBe(true);
    expect(compileWildcard('a*b*a', false)('aba')).toBe(true);
    expect(compileWildcard('a*b*a', false)('ab')).toBe(false);
  });

  it('reads \\* as a literal star, and keeps other backslashes when there is no wildcard', () => {
    expect(compileWildcard('a\\*b', false)('a*b')).toBe(true);
    expect(compileWildcard('a\\*b', false)('axb')).toBe(false);
    expect(compileWildcard('C:\\app\\main.cs', false)('c:\\app\\main.cs')).toBe(true);
  });
});
