import { describe, expect, it } from 'vitest';
import { DexterError } from '../../errors/error-codes';
import { parseMetricCsv, parseTimestamp } from './metric-csv';

const problemOf = (text: string) => {
  try {
    parseMetricCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DexterError);
    return error as DexterError;
  }
  throw new Error('parsed');
};

describe('parseMetricCsv', () => {
  it('reads ISO and unix timestamps, a header, quotes and blank lines', () => {
    const samples = parseMetricCsv(
      'timestamp,checkouts\r\n2026-12-01T10:00:00Z,12\n\n"2026-12-01 11:00",13.5\n1764590400,7\n1764594000000,-2e1\n',
    );
    expect(samples).toEqual([
      { at: Date.parse('2026-12-01T10:00:00Z'), value: 12 },
      { at: Date.parse('2026-12-01T11:00:00Z'), value: 13.5 },
      { at: 1764590400_000, value: 7 },
      { at: 1764594000_000, value: -20 },
    ]);
  });

  it('names the line and column of each bad row', () => {
    const error = problemOf(
      'timestamp,value\n2026-12-01T10:00:00Z,12\nyesterday,3\n2026-12-01T12:00:00Z,abc\n1,2,3\n',
    );
    expect(error.message).toBe(
      'Invalid csv: line 3, column 1: timestamp "yesterday" is neither ISO 8601 nor unix seconds or milliseconds (and 2 more bad rows)',
    );
    expect(error.details).toEqual({
      problemCount: 3,
      problems: [
        { line: 3, column: 1, message: expect.stringContaining('"yesterday"') },
        { line: 4, column: 2, message: 'value "abc" is not a finite number' },
        { line: 5, column: null, message: 'expected 2 columns (timestamp,value), found 3' },
      ],
    });
  });

  it('refuses a file without rows', () => {
    expect(problemOf('timestamp,value\n\n').message).toBe('Invalid csv: no rows of timestamp,value');
  });

  it('reads a zone-less date-time as UTC', () => {
    expect(parseTimestamp('2026-12-01T10:00')).toBe(Date.parse('2026-12-01T10:00:00Z'));
    expect(parseTimestamp('2026-12-01T10:00:00+02:00')).toBe(Date.parse('2026-12-01T08:00:00Z'));
    expect(parseTimestamp('12/01/2026')).toBeNull();
  });
});
