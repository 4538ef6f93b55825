/**
 * Issue search and event search share one grammar, but some keys describe an issue (its status,
 * assignee, first seen, …), not the events in it. Discover refuses them by name; a link from the
 * issue stream into Discover leaves them out, keeping every condition that applies to events.
 */
import type { SearchNode } from './search-ast';
import { lookupKey } from './search-keys';

/** Canonical names (`search-keys.ts`) of the keys that filter issues, not events. */
export const ISSUE_ONLY_KEYS: ReadonlySet<string> = new Set([
  'is',
  'assigned',
  'assigned_or_suggested',
  'bookmarks',
  'subscribed',
  'times_seen',
  'firstSeen',
  'lastSeen',
  'issue.priority',
  'issue.category',
  'issue.type',
  'firstRelease',
  'frame',
  'frame.module',
  'frame.function',
  'frame.filename',
]);

export const isIssueOnlyKey = (key: string) => ISSUE_ONLY_KEYS.has(lookupKey(key, false)?.name ?? '');

/**
 * The search with its issue-only terms taken out (read as "always true": an `OR` holding one
 * matches anything, so it goes too). Null when nothing is left.
 */
export function eventSearchOf(node: SearchNode | null): SearchNode | null {
  if (node === null) return null;
  switch (node.type) {
    case 'text':
      return node;
    case 'term':
      return !node.explicitTag && isIssueOnlyKey(node.key) ? null : node;
    case 'not': {
      const child = eventSearchOf(node.child);
      return child === null ? null : { ...node, child };
    }
    case 'or': {
      const children = node.children.map(eventSearchOf);
      return children.some((child) => child === null)
        ? null
        : { ...node, children: children as SearchNode[] };
    }
    case 'and': {
      const children = node.children.flatMap((child) => eventSearchOf(child) ?? []);
      if (children.length === 0) return null;
      return children.length === 1 ? children[0]! : { ...node, children };
    }
  }
}
