/**
 * Single-linkage clustering that obeys people's verdicts: "same bug" pairs are links of confidence
 * 1, taken first; "not the same" pairs are cannot-links, and no merge may put both of a pair in
 * one cluster, directly or through a chain. Otherwise it is the engine's `clusterItems` rule:
 * links at or above the threshold, merged strongest first (Kruskal), so a cluster's confidence is
 * its weakest spanning link, and the links that did the joining are kept so the cluster can say
 * which pair that weakest link is.
 *
 * Why not `clusterItems` itself: it cannot take constraints, and it builds a fresh index from the
 * items, while the feature already holds one with rarity learned from every indexed issue.
 *
 * Invariants: every cluster has at least two members; an id is in at most one cluster; a
 * "not the same" pair never shares a cluster; a "same bug" pair shares one unless that would join
 * a "not the same" pair (conflicting verdicts: the cannot-link wins); output is deterministic.
 */
import { orderedPair, type PairVerdict } from './feedback-store';

export interface Link {
  a: string;
  b: string;
  confidence: number;
}

/** A link that joined two parts of a cluster; `pinned` when it is a "same bug" verdict. */
export interface SpanningLink extends Link {
  pinned: boolean;
}

export interface FeedbackCluster {
  members: string[];
  confidence: number;
  /** The links that joined the members (members − 1 of them), weakest first. */
  links: SpanningLink[];
  /** Authors of the "same bug" verdicts inside the cluster. */
  confirmedBy: string[];
}

export const pairKey = (x: string, y: string) => orderedPair(x, y).join(':');

export function clusterWithFeedback(
  ids: readonly string[],
  links: readonly Link[],
  verdicts: readonly PairVerdict[],
  threshold: number,
): FeedbackCluster[] {
  const known = new Set(ids);
  const different = verdicts.filter((v) => v.verdict === 'different' && known.has(v.a) && known.has(v.b));
  const differentKeys = new Set(different.map((v) => pairKey(v.a, v.b)));
  const same = verdicts.filter((v) => v.verdict === 'same' && known.has(v.a) && known.has(v.b));

  const best = new Map<string, SpanningLink>();
  const offered = [
    ...links.map((link) => ({ ...link, pinned: false })),
    ...same.map((v) => ({ a: v.a, b: v.b, confidence: 1, pinned: true })),
  ];
  for (const link of offered) {
    const key = pairKey(link.a, link.b);
    if (link.a === link.b || !known.has(link.a) || !known.has(link.b) || differentKeys.has(key)) continue;
    if (link.confidence < threshold) continue;
    const kept = best.get(key);
    if (!kept || kept.confidence < link.confidence || (link.pinned && !kept.pinned)) best.set(key, link);
  }
  const ordered = [...best.entries()].sort(
    ([ka, x], [kb, y]) => y.confidence - x.confidence || (ka < kb ? -1 : 1),
  );

  const parent = new Map(ids.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const joined: SpanningLink[] = [];
  for (const [, link] of ordered) {
    const ra = find(link.a);
    const rb = find(link.b);
    if (ra === rb) continue;
    const forbidden = different.some((v) => {
      const [x, y] = [find(v.a), find(v.b)];
      return (x === ra && y === rb) || (x === rb && y === ra);
    });
    if (forbidden) continue;
    parent.set(rb, ra);
    joined.push(link);
  }

  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => {
      const inside = new Set(members);
      const names = same.filter((v) => inside.has(v.a) && inside.has(v.b)).map((v) => v.userName);
      // Links joined strongest first, so reversed they read weakest first.
      const spanning = joined.filter((link) => find(link.a) === root).reverse();
      return {
        members,
        confidence: spanning[0]?.confidence ?? 0,
        links: spanning,
        confirmedBy: [...new Set(names)].sort(),
      };
    });
}
