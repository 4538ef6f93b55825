import { describe, expect, it } from 'vitest';
import { reoccurrence, seededRandom, syntheticItems } from '../eval/synthetic-items';
import { asItemId } from '../ids';
import type { GroupingItem } from '../item';
import { normalizeBenchmarkFrames } from '../normalize/frame-normalizers';
import { createGroupingIndex } from './grouping-index';
import { GroupingSnapshotError, groupingIndexFromJSON } from './index-snapshot';

describe('groupingIndexFromJSON', () => {
  it('rebuilds an index that answers exactly like the original, through JSON text', () => {
    const items = syntheticItems({ count: 300, seed: 9 });
    const original = createGroupingIndex();
    for (const item of items) original.add(item);
    const restored = groupingIndexFromJSON(JSON.parse(JSON.stringify(original.toJSON())));
    expect(restored.size).toBe(original.size);
    const random = seededRandom(1);
    for (const target of items.slice(0, 20)) {
      const query = reoccurrence(target, `q-${target.id}`, random);
      expect(restored.query(query)).toEqual(original.query(query));
    }
  });

  it('keeps the root cause and the time of every item, which the comparison uses', () => {
    const frames = (fn: string) => normalizeBenchmarkFrames([{ module: 'org.acme.Reader', function: fn }]);
    const item = (id: string, causeFn: string, seenAt: number): GroupingItem => ({
      id: asItemId(id),
      frames: frames('wrap'),
      exceptionType: 'java.lang.RuntimeException',
      message: 'wrapped',
      cause: { exceptionType: 'java.io.EOFException', message: null, frames: frames(causeFn) },
      seenAt,
    });
    const day = 86_400_000;
    const original = createGroupingIndex();
    original.add(item('same-cause-late', 'readInt', 400 * day));
    original.add(item('other-cause-early', 'readLong', 10 * day));
    const restored = groupingIndexFromJSON(JSON.parse(JSON.stringify(original.toJSON())));
    expect(restored.toJSON()).toEqual(original.toJSON());
    const query = item('q', 'readInt', 12 * day);
    expect(restored.query(query)).toEqual(original.query(query));
    expect(() =>
      groupingIndexFromJSON({ version: 1, items: [{ ...item('a', 'x', 1), seenAt: 'yesterday' }] }),
    ).toThrow(/items\[0\]\.seenAt/);
    expect(() =>
      groupingIndexFromJSON({ version: 1, items: [{ ...item('a', 'x', 1), cause: { frames: 3 } }] }),
    ).toThrow(/items\[0\]\.cause\.frames/);
  });

  it('keeps incremental updates made after a restore', () => {
    const items = syntheticItems({ count: 10, seed: 2 });
    const restored = groupingIndexFromJSON(createGroupingIndex().toJSON());
    for (const item of items) restored.add(item);
    expect(restored.size).toBe(10);
  });

  it('rejects a snapshot of another version or shape, naming the bad field', () => {
    expect(() => groupingIndexFromJSON({ version: 99, items: [] })).toThrow(GroupingSnapshotError);
    expect(() =>
      groupingIndexFromJSON({
        version: 1,
        items: [{ id: 'a', frames: [{ function: 3 }], exceptionType: null, message: null }],
      }),
    ).toThrow(/items\[0\]\.frames\[0\]/);
    expect(() => groupingIndexFromJSON({ version: 1, items: [{ id: '', frames: [] }] })).toThrow(
      /items\[0\]\.id/,
    );
  });
});
