// Groups items into clusters of likely-same bugs: single linkage over "confidence >= threshold" links,
// merged strongest link first (Kruskal), so each cluster is a maximum spanning tree of its links.
// Why single linkage: duplicates of one bug form chains (a report matches the previous one, not the
// first), and the threshold is on a calibrated probability, so every link in a chain is itself likely.
// Confidence of a cluster: its weakest spanning link, i.e. every member reaches every other through
// links at least that likely. A singleton's confidence is 1 − its best link's confidence: how likely it
// is that it really stands alone.
// Invariants: every input item is in exactly one cluster; output order follows the first member's
// input position; a cluster's id is its first member's id.

import { asClusterId, type ClusterId, type ItemId } from '../ids';
import { createGroupingIndex, type GroupingIndexParams } from '../index/grouping-index';
import type { GroupingItem } from '../item';
import { createUnionFind } from './union-find';

export interface Cluster {
  readonly id: ClusterId;
  readonly members: readonly ItemId[];
  readonly confidence: number;
}

export interface ClusterOptions {
  /** Minimum confidence of a link. */
  readonly threshold: number;
  /** Links considered per item (its best matches). Default 10. */
  readonly neighbors?: number;
  readonly params?: Partial<GroupingIndexParams>;
}

interface Link {
  readonly a: number;
  readonly b: number;
  readonly confidence: number;
}

export function clusterItems(items: readonly GroupingItem[], options: ClusterOptions): Cluster[] {
  const index = createGroupingIndex(options.params);
  for (const item of items) index.add(item);
  const position = new Map(items.map((item, i) => [item.id, i]));
  const bestLink = new Float64Array(items.length);
  const links: Link[] = [];
  items.forEach((item, a) => {
    for (const match of index.query(item, { limit: options.neighbors ?? 10 })) {
      const b = position.get(match.id);
      if (b === undefined) continue;
      bestLink[a] = Math.max(bestLink[a] ?? 0, match.confidence);
      if (match.confidence >= options.threshold && a !== b)
        links.push({ a, b, confidence: match.confidence });
    }
  });
  links.sort((x, y) => y.confidence - x.confidence || x.a - y.a || x.b - y.b);

  const sets = createUnionFind(items.length);
  const weakest = new Map<number, number>();
  for (const link of links) {
    const ra = sets.find(link.a);
    const rb = sets.find(link.b);
    if (!sets.union(ra, rb)) continue;
    // Links arrive strongest first, so the link that merges two sets is the weakest in the result.
    weakest.set(sets.find(ra), link.confidence);
  }

  const clusters = new Map<number, { members: ItemId[]; first: number }>();
  items.forEach((item, i) => {
    const root = sets.find(i);
    const cluster = clusters.get(root) ?? { members: [], first: i };
    cluster.members.push(item.id);
    clusters.set(root, cluster);
  });
  return [...clusters.entries()].map(([root, { members, first }]) => ({
    id: asClusterId(members[0] ?? ''),
    members,
    confidence: members.length > 1 ? (weakest.get(root) ?? 0) : 1 - (bestLink[first] ?? 0),
  }));
}
