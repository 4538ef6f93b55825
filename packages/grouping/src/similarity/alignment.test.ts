import { describe, expect, it } from 'vitest';
import { alignStacks } from './alignment';

const ones = (n: number) => new Float64Array(n).fill(1);

describe('alignStacks', () => {
  it('aligns equal frames in order and sums the weight of both sides', () => {
    const result = alignStacks(['a', 'b', 'c'], ones(3), ['a', 'x', 'c'], ones(3));
    expect(result.pairs).toEqual([
      { a: 0, b: 0 },
      { a: 2, b: 2 },
    ]);
    expect(result.gain).toBe(4);
  });

  it('never aligns crossing pairs: a swapped order keeps only one of the two frames', () => {
    const result = alignStacks(['a', 'b'], ones(2), ['b', 'a'], ones(2));
    expect(result.pairs).toHaveLength(1);
  });

  it('prefers the heavier of two competing alignments', () => {
    // a[0] may align with b[0] (weight 1 + 1) or, crossing it, a[1] with b[0]... only one can win.
    const heavyTop = alignStacks(['x', 'y'], Float64Array.of(5, 1), ['y', 'x'], Float64Array.of(1, 5));
    expect(heavyTop.pairs).toEqual([{ a: 0, b: 1 }]);
    expect(heavyTop.gain).toBe(10);
  });

  it('returns nothing for empty stacks', () => {
    expect(alignStacks([], ones(0), ['a'], ones(1))).toEqual({ gain: 0, pairs: [] });
  });
});
