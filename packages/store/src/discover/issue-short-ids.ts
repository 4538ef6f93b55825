/**
 * `issue:PROJ-12` in a Discover query, as Sentry reads it: the issue by its short id. The event
 * filter knows events by their issue's id only, so the route turns each short id into an
 * `issue.id` term before the engines run (one lookup per short id); a short id that names no issue
 * of the organization matches no event.
 */
import { lookupKey, type SearchNode } from '@dexter/search-syntax';
import type { Scope } from './discover-query';

const NO_ISSUE = '0';

export type IssueIdLookup = (shortIds: string[]) => Promise<ReadonlyMap<string, number>>;

const isIssueTerm = (node: SearchNode) =>
  node.type === 'term' && !node.explicitTag && lookupKey(node.key, false)?.name === 'issue';

function shortIdsIn(node: SearchNode | null): string[] {
  if (node === null) return [];
  if (node.type === 'and' || node.type === 'or') return node.children.flatMap(shortIdsIn);
  if (node.type === 'not') return shortIdsIn(node.child);
  if (node.type === 'term' && isIssueTerm(node)) return [node.value].flat();
  return [];
}

function rewrite(node: SearchNode, ids: ReadonlyMap<string, number>): SearchNode {
  if (node.type === 'and' || node.type === 'or') {
    return { ...node, children: node.children.map((child) => rewrite(child, ids)) };
  }
  if (node.type === 'not') return { ...node, child: rewrite(node.child, ids) };
  if (node.type !== 'term' || !isIssueTerm(node)) return node;
  const idOf = (shortId: string) => String(ids.get(shortId) ?? NO_ISSUE);
  const value = Array.isArray(node.value) ? node.value.map(idOf) : idOf(node.value);
  return { ...node, key: 'issue.id', value };
}

export async function resolveIssueShortIds<Q extends Scope>(query: Q, lookup: IssueIdLookup): Promise<Q> {
  const shortIds = shortIdsIn(query.condition);
  if (shortIds.length === 0 || query.condition === null) return query;
  const ids = await lookup(shortIds);
  return { ...query, condition: rewrite(query.condition, ids) };
}
