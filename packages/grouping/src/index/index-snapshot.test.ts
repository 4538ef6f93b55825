import { describe, expect, it } from 'vitest';
import { reoccurrence, seededRandom, syntheticItems } from '../eval/synthetic-items';
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
