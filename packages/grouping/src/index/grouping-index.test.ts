import { describe, expect, it } from 'vitest';
import { reoccurrence, seededRandom, syntheticItems } from '../eval/synthetic-items';
import { asItemId } from '../ids';
import type { GroupingItem } from '../item';
import { normalizeBenchmarkFrames } from '../normalize/frame-normalizers';
import { createGroupingIndex } from './grouping-index';

function item(id: string, classes: readonly string[], exceptionType = 'java.io.IOException'): GroupingItem {
  return {
    id: asItemId(id),
    frames: normalizeBenchmarkFrames(classes.map((c) => ({ module: `org.acme.${c}`, function: 'run' }))),
    exceptionType,
    message: null,
  };
}

describe('createGroupingIndex', () => {
  it('returns the closest known item first, with confidence and evidence', () => {
    const index = createGroupingIndex();
    index.add(item('a', ['Parser', 'Loader', 'Main']));
    index.add(item('b', ['Store', 'Cache', 'Worker']));
    index.add(item('c', ['Parser', 'Reader', 'Main']));
    const [best, second] = index.query(item('q', ['Parser', 'Loader', 'Main']));
    expect(best?.id).toBe('a');
    expect(second?.id).toBe('c');
    expect(best?.score).toBeGreaterThan(second?.score ?? 1);
    expect(best?.confidence).toBeGreaterThan(0);
    expect(best?.confidence).toBeLessThanOrEqual(1);
    expect(best?.evidence.alignedFrames).toHaveLength(3);
  });

  it('never returns the queried item itself', () => {
    const index = createGroupingIndex();
    index.add(item('a', ['Parser', 'Loader']));
    index.add(item('b', ['Parser', 'Loader']));
    expect(index.query(item('a', ['Parser', 'Loader'])).map((m) => m.id)).toEqual(['b']);
  });

  it('forgets removed items and replaces an item added twice', () => {
    const index = createGroupingIndex();
    index.add(item('a', ['Parser', 'Loader']));
    index.add(item('b', ['Store', 'Cache'], 'java.lang.IllegalStateException'));
    expect(index.remove(asItemId('a'))).toBe(true);
    expect(index.remove(asItemId('a'))).toBe(false);
    expect(index.size).toBe(1);
    expect(index.query(item('q', ['Parser', 'Loader']))).toEqual([]);
    index.add(item('b', ['Parser', 'Loader']));
    expect(index.size).toBe(1);
    expect(index.query(item('q', ['Parser', 'Loader']))[0]?.id).toBe('b');
  });

  it('learns rarity from what it holds: a frame every item shares stops counting', () => {
    const index = createGroupingIndex();
    const query = item('q', ['Common', 'RareA']);
    index.add(item('a', ['Common', 'RareA']));
    const before = index.compare(query, item('x', ['Common', 'Other']));
    for (let i = 0; i < 50; i++) index.add(item(`n${i}`, ['Common', `Noise${i}`]));
    const after = index.compare(query, item('x', ['Common', 'Other']));
    expect(after.score).toBeLessThan(before.score);
  });

  it('honours the result limit', () => {
    const index = createGroupingIndex();
    for (let i = 0; i < 20; i++) index.add(item(`i${i}`, ['Parser', `Step${i}`]));
    expect(index.query(item('q', ['Parser', 'Step3']), { limit: 5 })).toHaveLength(5);
  });

  it('finds the true match among 10,000 synthetic items', () => {
    const items = syntheticItems({ count: 10_000, seed: 3 });
    const index = createGroupingIndex();
    for (const it of items) index.add(it);
    const random = seededRandom(5);
    for (const target of [items[17], items[4_242], items[9_999]]) {
      if (target === undefined) throw new Error('fixture too small');
      const matches = index.query(reoccurrence(target, `again-${target.id}`, random), { limit: 5 });
      expect(matches[0]?.id).toBe(target.id);
    }
  });
});
