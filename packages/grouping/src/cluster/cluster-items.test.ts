import { describe, expect, it } from 'vitest';
import { asItemId } from '../ids';
import type { GroupingItem } from '../item';
import { normalizeBenchmarkFrames } from '../normalize/frame-normalizers';
import { clusterItems } from './cluster-items';

const at = Date.UTC(2024, 0, 1);

function item(id: string, classes: readonly string[], message: string | null = null): GroupingItem {
  return {
    id: asItemId(id),
    frames: normalizeBenchmarkFrames(
      classes.map((c, i) => ({ module: `org.acme.${c}`, function: 'run', line: i })),
    ),
    exceptionType: 'java.lang.IllegalStateException',
    message,
    seenAt: at,
  };
}

describe('clusterItems', () => {
  const items = [
    item('a1', ['Parser', 'Loader', 'Main'], 'bad token 1'),
    item('b1', ['Store', 'Cache', 'Worker'], 'cache full'),
    item('a2', ['Parser', 'Loader', 'Main'], 'bad token 7'),
    item('c1', ['Auth', 'Filter'], 'denied'),
    item('a3', ['Parser', 'Loader', 'Main'], 'bad token 9'),
  ];

  it('puts every item in exactly one cluster and groups the duplicates', () => {
    const clusters = clusterItems(items, { threshold: 0.5 });
    expect(clusters.map((c) => c.members)).toEqual([['a1', 'a2', 'a3'], ['b1'], ['c1']]);
    expect(clusters.flatMap((c) => c.members).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'c1']);
    expect(clusters[0]?.id).toBe('a1');
  });

  it('gives a cluster the confidence of its weakest link, and a singleton 1 − its best link', () => {
    const [dupes, single] = clusterItems(items, { threshold: 0.5 });
    expect(dupes?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(dupes?.confidence).toBeLessThanOrEqual(1);
    expect(single?.confidence).toBeGreaterThan(0.5);
  });

  it('keeps everything apart when the threshold is above every link', () => {
    const clusters = clusterItems(items, { threshold: 1.01 });
    expect(clusters).toHaveLength(items.length);
  });
});
