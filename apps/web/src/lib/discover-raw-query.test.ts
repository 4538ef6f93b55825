import { describe, expect, it } from 'vitest';
import { chartSeriesOf, fieldsOfRaw, seriesParamsOf, withFilters, yAxisOfFields } from './discover-raw-query';

describe('raw Discover queries', () => {
  it('puts a query under a dashboard’s period and environment, replacing its own', () => {
    const raw = 'field=shard&field=count()&query=level:error&statsPeriod=14d&environment=staging';
    expect(withFilters(raw, { period: '24h', environment: 'production' })).toBe(
      'field=shard&field=count()&query=level%3Aerror&statsPeriod=24h&environment=production',
    );
    expect(
      withFilters('field=count()&start=2026-01-01&end=2026-01-02', { period: '7d', environment: null }),
    ).toBe('field=count()&statsPeriod=7d');
  });

  it('charts the first function of the fields with the query’s search and scope', () => {
    expect(fieldsOfRaw('?field=title&field=count_unique(user)')).toEqual(['title', 'count_unique(user)']);
    expect(yAxisOfFields(['title'])).toBe('count()');
    expect(seriesParamsOf('field=p95(x)&query=a:b&statsPeriod=1h&sort=-p95(x)').toString()).toBe(
      'yAxis=p95%28x%29&query=a%3Ab&statsPeriod=1h',
    );
  });

  it('charts a grouped query as Sentry’s top events, ordered by the query’s sort when it can', () => {
    const top = (raw: string) => Object.fromEntries([...seriesParamsOf(raw)].filter(([k]) => k !== 'field'));
    const raw = 'field=shard&field=count()&field=count_unique(user)&statsPeriod=7d&sort=-count_unique(user)';
    expect(seriesParamsOf(raw).getAll('field')).toEqual(['shard', 'count()']);
    expect(top(raw)).toEqual({ yAxis: 'count()', statsPeriod: '7d', topEvents: '5', orderby: '-count()' });
    expect(top('field=shard&field=count()&sort=shard&topEvents=3')).toMatchObject({
      topEvents: '3',
      orderby: 'shard',
    });
    expect(seriesParamsOf('field=shard&field=count()&topEvents=0').has('topEvents')).toBe(false);
    expect(seriesParamsOf('field=id&field=title').has('topEvents')).toBe(false);
  });

  it('reads one series, or the top groups in their order with Other last', () => {
    const point = (count: number) => [[1_700_000_000, [{ count }]]];
    expect(chartSeriesOf({ data: point(2) }, 'count()')).toEqual([
      { name: 'count()', points: [[1_700_000_000_000, 2]] },
    ]);
    const grouped = chartSeriesOf(
      {
        Other: { data: point(1), order: 2 },
        s1: { data: point(3), order: 1 },
        '': { data: point(4), order: 0 },
      },
      'count()',
    );
    expect(grouped.map((s) => s.name)).toEqual(['(no value)', 's1', 'Other']);
  });
});
