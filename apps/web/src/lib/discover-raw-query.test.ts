import { describe, expect, it } from 'vitest';
import { fieldsOfRaw, seriesParamsOf, withFilters, yAxisOfFields } from './discover-raw-query';

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
    expect(seriesParamsOf('field=title&field=p95(x)&query=a:b&statsPeriod=1h&sort=-p95(x)').toString()).toBe(
      'yAxis=p95%28x%29&query=a%3Ab&statsPeriod=1h',
    );
  });
});
