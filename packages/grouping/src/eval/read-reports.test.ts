import { describe, expect, it } from 'vitest';
import { chronological, parseReports, ReportFormatError } from './read-reports';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    id: 'X-1',
    group_id: 'X-1',
    timestamp: '2011-05-20T16:15:13.000+0000',
    frames: [],
    ...fields,
  });

describe('parseReports', () => {
  it('reads a report, its root cause and its time', () => {
    const [report] = parseReports([
      line({
        exception_type: 'java.io.IOException',
        exceptions: [
          { type: 'java.io.IOException', message: 'outer', frames: [] },
          {
            type: 'java.lang.NullPointerException',
            message: null,
            frames: [{ module: 'a.B', function: 'c' }],
          },
        ],
      }),
    ]);
    expect(report?.item.exceptionType).toBe('java.io.IOException');
    expect(report?.item.cause?.exceptionType).toBe('java.lang.NullPointerException');
    expect(report?.item.cause?.frames).toHaveLength(1);
    expect(report?.time).toBe(Date.UTC(2011, 4, 20, 16, 15, 13));
    expect(report?.item.seenAt).toBe(report?.time);
  });

  it('skips blank lines but counts them in line numbers', () => {
    expect(() => parseReports([line({}), '', '{oops'])).toThrow('line 3: not valid JSON');
  });

  it.each([
    [line({ id: 5 }), 'line 1: "id" must be a non-empty string'],
    [line({ group_id: '' }), 'line 1: "group_id" must be a non-empty string'],
    [line({ timestamp: 'yesterday' }), 'line 1: "timestamp" must be an ISO-8601 date'],
    [line({ exception_message: 3 }), 'line 1: "exception_message" must be a string or null'],
    ['[1, 2]', 'line 1: expected a JSON object'],
  ])('rejects %s', (text, message) => {
    expect(() => parseReports([text])).toThrow(new ReportFormatError(message));
  });

  it('rejects a duplicate id', () => {
    expect(() => parseReports([line({}), line({})])).toThrow('line 2: duplicate id "X-1"');
  });
});

describe('chronological', () => {
  it('orders by time, then by id', () => {
    const reports = parseReports([
      line({ id: 'B', timestamp: '2011-01-01T00:00:00.000+0000' }),
      line({ id: 'A', timestamp: '2011-01-01T00:00:00.000+0000' }),
      line({ id: 'C', timestamp: '2010-01-01T00:00:00.000+0000' }),
    ]);
    expect(chronological(reports).map((r) => r.item.id)).toEqual(['C', 'A', 'B']);
  });
});
