/**
 * Rewrites the planner works on, each preserving the query's meaning exactly:
 * - negation normal form: `!( … )` pushed down to the terms by De Morgan, so a `not` node is left
 *   only around free text (Sentry cannot negate free text, and neither can a term's `!`);
 * - same-key lists: `level:error OR level:fatal` becomes `level:[error, fatal]`, the one form of
 *   OR that Sentry runs;
 * - disjunctive normal form, bounded: the OR of AND-ed literals, or null past `max` branches.
 */
import {
  combine,
  hasWildcard,
  lookupKey,
  type NotNode,
  type SearchNode,
  type TermNode,
  type TextNode,
} from '@dexter/search-syntax';

/** A leaf after `toNegationNormalForm`: a term, free text, or negated free text. */
export type Literal = TermNode | TextNode | (NotNode & { child: TextNode });

/** The node as a literal, or null for `and` / `or` (and for `not` over anything but text). */
export function asLiteral(node: SearchNode): Literal | null {
  if (node.type === 'term' || node.type === 'text') return node;
  return node.type === 'not' && node.child.type === 'text' ? { ...node, child: node.child } : null;
}

export function toNegationNormalForm(node: SearchNode, negate = false): SearchNode {
  switch (node.type) {
    case 'term':
      return negate ? { ...node, negated: !node.negated } : node;
    case 'text':
      return negate ? { type: 'not', child: node, span: node.span } : node;
    case 'not':
      return toNegationNormalForm(node.child, !negate);
    case 'and':
    case 'or': {
      const children = node.children.map((child) => toNegationNormalForm(child, negate));
      const flipped = node.type === 'and' ? 'or' : 'and';
      return combine(negate ? flipped : node.type, children);
    }
  }
}

/** Key families whose plain `=` values Sentry accepts in a `key:[a, b]` list. */
const LISTABLE = new Set(['actor', 'number', 'enum', 'text', 'tag']);

function listKey(node: SearchNode): string | null {
  if (node.type !== 'term' || node.negated || node.op !== '=') return null;
  const family = lookupKey(node.key, node.explicitTag)?.family ?? 'tag';
  const values = Array.isArray(node.value) ? node.value : [node.value];
  if (!LISTABLE.has(family) || values.some(hasWildcard)) return null;
  return `${node.explicitTag ? 'tag' : 'key'}:${node.key}`;
}

export function mergeSameKeyLists(node: SearchNode): SearchNode {
  if (node.type === 'not') return { ...node, child: mergeSameKeyLists(node.child) };
  if (node.type !== 'and' && node.type !== 'or') return node;
  const children = node.children.map(mergeSameKeyLists);
  if (node.type === 'and') return combine('and', children);
  const merged: SearchNode[] = [];
  const byKey = new Map<string, number>();
  for (const child of children) {
    const key = listKey(child);
    const at = key === null ? undefined : byKey.get(key);
    const into = at === undefined ? undefined : merged[at];
    if (key !== null && at !== undefined && into?.type === 'term' && child.type === 'term') {
      merged[at] = mergeTerms(into, child);
    } else {
      if (key !== null) byKey.set(key, merged.length);
      merged.push(child);
    }
  }
  return combine('or', merged);
}

function mergeTerms(into: TermNode, next: TermNode): TermNode {
  const values = [...new Set([into.value, next.value].flat())];
  return {
    ...into,
    value: values.length === 1 ? (values[0] ?? '') : values,
    span: { start: Math.min(into.span.start, next.span.start), end: Math.max(into.span.end, next.span.end) },
  };
}

/** The OR of AND-ed literals (each inner list a conjunction), or null past `max` conjunctions. */
export function toDisjunctiveForm(node: SearchNode, max: number): Literal[][] | null {
  switch (node.type) {
    case 'or': {
      const branches: Literal[][] = [];
      for (const child of node.children) {
        const sub = toDisjunctiveForm(child, max);
        if (sub === null || branches.length + sub.length > max) return null;
        branches.push(...sub);
      }
      return branches;
    }
    case 'and': {
      let branches: Literal[][] = [[]];
      for (const child of node.children) {
        const sub = toDisjunctiveForm(child, max);
        if (sub === null || branches.length * sub.length > max) return null;
        branches = branches.flatMap((left) => sub.map((right) => [...left, ...right]));
      }
      return branches;
    }
    default: {
      const literal = asLiteral(node);
      return literal ? [[literal]] : null;
    }
  }
}
