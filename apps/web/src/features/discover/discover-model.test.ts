import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, fromRaw, nextSort, toRaw, yAxisOf } from './discover-model';

describe('discover model', () => {
  it('writes the builder as Sentry’s query string and reads it back', () => {
    const form = {
      fields: ['shard', 'count_if(level,equals,error)', 'count()'],
      query: 'level:error release:1.*',
      period: '7d',
      sort: '-count()',
    };
    const raw = toRaw(form);
    expect(raw).toBe(
      'field=shard&field=count_if(level,equals,error)&field=count()&query=level%3Aerror+release%3A1.*&statsPeriod=7d&sort=-count()',
    );
    expect(fromRaw(raw)).toEqual(form);
    expect(fromRaw(`?${toRaw(DEFAULT_FORM)}`)).toEqual(DEFAULT_FORM);
  });

  it('sorts descending first, then ascending, and charts the first function', () => {
    expect(nextSort('-count()', 'count()')).toBe('count()');
    expect(nextSort('count()', 'shard')).toBe('-shard');
    expect(yAxisOf(['shard', 'count_unique(user)', 'count()'])).toBe('count_unique(user)');
    expect(yAxisOf(['id', 'title'])).toBe('count()');
  });
});
