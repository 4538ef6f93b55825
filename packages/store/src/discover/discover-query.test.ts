/**
 * The query model over a table of valid and invalid queries: what each valid one becomes, and for
 * each invalid one the parameter, code and words of the refusal.
 */
import { describe, expect, it } from 'vitest';
import { DiscoverQueryError } from './discover-errors';
import { parseStatsQuery, parseTableQuery, type RawParams } from './discover-query';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;

describe('valid table queries', () => {
  const cases: Array<[string, RawParams, (q: ReturnType<typeof parseTableQuery>) => void]> = [
    [
      'count() by a tag, default sort and window',
      { field: ['shard', 'count()'] },
      (q) => {
        expect(q.dataset).toBe('errors');
        expect(q.groupBy.map((c) => c.name)).toEqual(['shard']);
        expect(q.groupBy[0]!.source).toEqual({ tag: 'shard', numeric: false });
        expect(q.aggregates.map((a) => [a.fn, a.type])).toEqual([['count', 'integer']]);
        expect(q.sort.map((s) => [s.field.name, s.descending])).toEqual([['count()', true]]);
        expect(q.end - q.start).toBe(24 * HOUR);
        expect([q.limit, q.offset]).toEqual([50, 0]);
      },
    ],
    [
      'every function the errors dataset answers',
      {
        field: [
          'release',
          'count_unique(user)',
          'count_if(level,equals,error)',
          'count_if(tags[ms,number],greater,300)',
          'p50(tags[ms,number])',
          'p99(tags[ms,number])',
          'last_seen()',
          'min(timestamp)',
          'avg(tags[ms,number])',
          'sum(tags[ms,number])',
        ],
        sort: '-last_seen()',
        dataset: 'discover',
      },
      (q) => {
        expect(q.dataset).toBe('errors');
        expect(q.aggregates.map((a) => a.type)).toEqual([
          'integer',
          'integer',
          'integer',
          'number',
          'number',
          'date',
          'date',
          'number',
          'number',
        ]);
        expect(q.aggregates[1]!.condition).toEqual({ op: 'equals', value: 'error' });
        expect(q.sort[0]!.field.name).toBe('last_seen()');
      },
    ],
    [
      'an event list sorted by time, with a search, window and page',
      {
        field: ['id', 'timestamp', 'title', 'tags[shard]'],
        query: 'level:error (release:1.* OR !environment:prod) user.email:*@example.com "disk full"',
        start: '2026-12-01T00:00:00Z',
        end: '2026-12-02T00:00:00Z',
        per_page: '100',
        cursor: '0:200:0',
        project: ['1', '2'],
        environment: 'prod',
      },
      (q) => {
        expect(q.aggregated).toBe(false);
        expect(q.sort.map((s) => [s.field.name, s.descending])).toEqual([['timestamp', true]]);
        expect(q.condition?.type).toBe('and');
        expect([q.start, q.end]).toEqual([
          Date.parse('2026-12-01T00:00:00Z'),
          Date.parse('2026-12-02T00:00:00Z'),
        ]);
        expect([q.limit, q.offset, q.projects, q.environments]).toEqual([100, 200, ['1', '2'], ['prod']]);
      },
    ],
    [
      'spans: failure_rate() and a percentile of the default duration',
      { field: ['transaction', 'failure_rate()', 'p95()'], dataset: 'spans', statsPeriod: '14d' },
      (q) => {
        expect(q.aggregates.map((a) => [a.type, a.unit, a.column?.name ?? null])).toEqual([
          ['percentage', null, null],
          ['duration', 'millisecond', 'span.duration'],
        ]);
        expect(q.end - q.start).toBe(14 * 24 * HOUR);
      },
    ],
  ];
  for (const [name, params, check] of cases) it(name, () => check(parseTableQuery(params, NOW)));
});

describe('invalid table queries name the parameter', () => {
  const cases: Array<[RawParams, string, string, RegExp]> = [
    [{}, 'field', 'missing-parameter', /at least one field/],
    [{ field: 'count(' }, 'field', 'invalid-field', /neither a column/],
    [{ field: 'counts()' }, 'field', 'unknown-function', /counts\(\) is not a function/],
    [{ field: 'count_unique()' }, 'field', 'invalid-arguments', /takes 1 argument, got 0/],
    [{ field: 'count(user)' }, 'field', 'invalid-arguments', /takes 0 arguments/],
    [{ field: 'count_if(level,like,error)' }, 'field', 'invalid-arguments', /operator must be one of/],
    [{ field: 'count_if(level,greater,3)' }, 'field', 'invalid-arguments', /greater needs a numeric column/],
    [{ field: 'p95(release)' }, 'field', 'invalid-arguments', /p95\(\) needs a numeric column/],
    [{ field: 'p95()' }, 'field', 'invalid-arguments', /takes 1 argument/],
    [{ field: 'avg(timestamp)' }, 'field', 'invalid-arguments', /avg\(\) needs a numeric column/],
    [{ field: 'failure_rate()' }, 'field', 'unsupported-function', /dataset=spans/],
    [{ field: 'span.duration' }, 'field', 'unknown-field', /not a column of dataset errors/],
    [{ field: 'equation|count() * 2' }, 'field', 'unsupported-field', /equations/],
    [{ field: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'field', 'too-many-fields', /at most 20/],
    [{ field: 'count()', dataset: 'logs' }, 'dataset', 'invalid-dataset', /"logs"/],
    [{ field: 'count()', query: 'level:[error' }, 'query', 'invalid-query', /expected/],
    [{ field: 'count()', query: 'is:unresolved' }, 'query', 'invalid-query', /is: filters issues/],
    [{ field: 'count()', query: 'times_seen:>3' }, 'query', 'invalid-query', /filters issues/],
    [
      { field: ['release', 'count()'], sort: '-title' },
      'sort',
      'invalid-sort',
      /"-title" is not a selected field/,
    ],
    [{ field: 'count()', statsPeriod: '2 days' }, 'statsPeriod', 'invalid-value', /number followed by/],
    [{ field: 'count()', start: '2026-12-01T00:00:00Z' }, 'end', 'invalid-time-range', /go together/],
    [
      { field: 'count()', start: 'yesterday', end: '2026-12-01T00:00:00Z' },
      'start',
      'invalid-time-range',
      /ISO 8601/,
    ],
    [
      { field: 'count()', start: '2026-12-02T00:00:00Z', end: '2026-12-01T00:00:00Z' },
      'start',
      'invalid-time-range',
      /before end/,
    ],
    [{ field: 'count()', per_page: '1000' }, 'per_page', 'invalid-value', /1 to 100/],
    [{ field: 'count()', cursor: 'next' }, 'cursor', 'invalid-value', /<offset>/],
  ];
  for (const [params, parameter, code, words] of cases) {
    it(`${JSON.stringify(params).slice(0, 90)} → ${parameter}`, () => {
      const caught = (() => {
        try {
          parseTableQuery(params, NOW);
        } catch (error) {
          return error;
        }
        return null;
      })();
      expect(caught).toBeInstanceOf(DiscoverQueryError);
      const error = caught as DiscoverQueryError;
      expect([error.parameter, error.code]).toEqual([parameter, code]);
      expect(error.message).toMatch(new RegExp(`^Invalid ${parameter}: `));
      expect(error.message).toMatch(words);
    });
  }
});

describe('stats queries', () => {
  it('defaults to count() hourly and takes top events by a field', () => {
    const plain = parseStatsQuery({ statsPeriod: '14d' }, NOW);
    expect([plain.yAxis.map((y) => y.name), plain.interval, plain.topEvents]).toEqual([['count()'], HOUR, 0]);
    const top = parseStatsQuery(
      {
        yAxis: ['count()', 'count_unique(user)'],
        field: ['shard', 'count()'],
        topEvents: '5',
        interval: '30m',
      },
      NOW,
    );
    expect([top.groupBy.map((g) => g.name), top.sort[0]!.field.name, top.interval]).toEqual([
      ['shard'],
      'count()',
      30 * 60_000,
    ]);
  });

  it('refuses a column as yAxis, too many points, a sub-minute interval and top events without a column', () => {
    const refusal = (params: RawParams) => {
      try {
        parseStatsQuery(params, NOW);
      } catch (error) {
        return [(error as DiscoverQueryError).parameter, (error as DiscoverQueryError).code];
      }
      return null;
    };
    expect(refusal({ yAxis: 'release' })).toEqual(['yAxis', 'invalid-field']);
    expect(refusal({ statsPeriod: '90d', interval: '1m' })).toEqual(['interval', 'invalid-interval']);
    expect(refusal({ interval: '10s' })).toEqual(['interval', 'invalid-interval']);
    expect(refusal({ topEvents: '5', field: 'count()' })).toEqual(['field', 'missing-parameter']);
    expect(refusal({ topEvents: '11', field: 'shard' })).toEqual(['topEvents', 'invalid-value']);
  });
});
