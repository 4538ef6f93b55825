import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORM,
  eventsOfRow,
  fromRaw,
  nextSort,
  toRaw,
  withCondition,
  yAxisOf,
} from './discover-model';

describe('discover model', () => {
  it('writes the builder as Sentry’s query string and reads it back', () => {
    const form = {
      fields: ['shard', 'count_if(level,equals,error)', 'count()'],
      query: 'level:error release:1.*',
      period: '7d',
      sort: '-count()',
      topEvents: 5,
      environment: 'production',
    };
    const raw = toRaw(form);
    expect(raw).toBe(
      'field=shard&field=count_if(level,equals,error)&field=count()&query=level%3Aerror+release%3A1.*&statsPeriod=7d&environment=production&sort=-count()',
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

  it('writes the chart’s top-N only when it is not the default 5', () => {
    const form = { ...DEFAULT_FORM, fields: ['shard', 'count()'], topEvents: 10 };
    expect(toRaw(form)).toContain('&topEvents=10');
    expect(fromRaw(toRaw(form)).topEvents).toBe(10);
    expect(toRaw({ ...form, topEvents: 5 })).not.toContain('topEvents');
    expect(fromRaw('field=shard&topEvents=99').topEvents).toBe(5);
  });

  it('drills down: a value joins the search, a count opens the events of its row', () => {
    expect(withCondition('', 'shard', 's1')).toBe('shard:s1');
    expect(withCondition('level:error', 'title', 'Error: a "b" (c)')).toBe(
      'level:error title:"Error: a \\"b\\" (c)"',
    );
    expect(withCondition('level:error', 'release', null)).toBe('level:error !has:release');
    expect(withCondition('shard:s1 level:error', 'shard', 's1')).toBe('shard:s1 level:error');
    const form = { ...DEFAULT_FORM, fields: ['shard', 'tags[ms,number]', 'count()'], query: 'level:error' };
    expect(eventsOfRow(form, { shard: 's2', 'tags[ms,number]': 3, 'count()': 4 })).toEqual({
      ...form,
      fields: ['id', 'timestamp', 'title', 'issue.id', 'shard'],
      query: 'level:error shard:s2',
      sort: '-timestamp',
    });
  });
});
