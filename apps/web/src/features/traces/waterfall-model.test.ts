import type { TraceSpanRow } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { attributeRows } from './span-attributes';
import { barGeometry, formatDuration, visibleRows } from './waterfall-model';

const row = (id: string, depth: number, descendants: number): TraceSpanRow => ({
  id,
  parentId: null,
  depth,
  descendants,
  op: 'op',
  description: '',
  project: 'p',
  transaction: '',
  transactionId: null,
  isTransaction: false,
  start: 0,
  end: 1,
  duration: 1,
  status: null,
  sdkName: null,
  attributes: {},
  errors: [],
});

describe('waterfall model', () => {
  // a ─┬ b ── c
  //    └ d
  const spans = [row('a', 0, 3), row('b', 1, 1), row('c', 2, 0), row('d', 1, 0)];

  it('hides the whole subtree of a collapsed span, and only that', () => {
    expect(visibleRows(spans, new Set())).toEqual([0, 1, 2, 3]);
    expect(visibleRows(spans, new Set(['b']))).toEqual([0, 1, 3]);
    expect(visibleRows(spans, new Set(['a', 'b']))).toEqual([0]);
  });

  it('places bars on the trace’s time axis, never outside it', () => {
    expect(barGeometry({ start: 150, end: 200 }, 100, 300)).toEqual({ left: 25, width: 25 });
    expect(barGeometry({ start: 300, end: 300 }, 100, 300).left).toBe(100);
    expect(barGeometry({ start: 50, end: 400 }, 100, 300)).toEqual({ left: 0, width: 100 });
  });

  it('reads durations in ms below a second and in seconds above', () => {
    expect(formatDuration(0.5)).toBe('0.50 ms');
    expect(formatDuration(42.4)).toBe('42 ms');
    expect(formatDuration(1500)).toBe('1.50 s');
  });

  it('spreads nested data and tags into one row per key', () => {
    expect(
      attributeRows({
        data: { 'url.path': '/charge', code: 502 },
        origin: 'manual',
        tags: { a: ['x', 'y'] },
      }),
    ).toEqual([
      ['url.path', '/charge'],
      ['code', '502'],
      ['origin', 'manual'],
      ['a', 'x, y'],
    ]);
  });
});
