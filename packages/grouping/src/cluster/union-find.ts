// Disjoint sets over 0..n-1 with path halving and union by size: near-constant time per operation, so
// clustering cost is dominated by the similarity queries, not by merging.

export interface UnionFind {
  find(x: number): number;
  /** Merges the sets of a and b; false when they were already one set. */
  union(a: number, b: number): boolean;
}

export function createUnionFind(size: number): UnionFind {
  const parent = Int32Array.from({ length: size }, (_, i) => i);
  const weight = new Int32Array(size).fill(1);
  const find = (start: number): number => {
    let x = start;
    while (parent[x] !== x) {
      const grand = parent[parent[x] ?? x] ?? x;
      parent[x] = grand;
      x = grand;
    }
    return x;
  };
  return {
    find,
    union(a, b) {
      let ra = find(a);
      let rb = find(b);
      if (ra === rb) return false;
      if ((weight[ra] ?? 0) < (weight[rb] ?? 0)) [ra, rb] = [rb, ra];
      parent[rb] = ra;
      weight[ra] = (weight[ra] ?? 0) + (weight[rb] ?? 0);
      return true;
    },
  };
}
