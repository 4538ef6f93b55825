/**
 * One organization's similarity index: the engine's index of issue items plus the issue each item
 * came from (title, project, status, counts), so answers can be shown without a call per issue.
 *
 * Invariants: an issue id is in the engine index exactly when it is in `issues`; `version` grows
 * with every change, so callers can memoize on it; past `maxIssues` the issue seen longest ago is
 * dropped (it is the least likely to have new duplicates).
 */
import type { Issue } from '@dexter/contracts';
import { asItemId, createGroupingIndex, type GroupingItem } from '@dexter/grouping';
import { withSeenAt } from './issue-item';

export interface IndexedIssue {
  item: GroupingItem;
  issue: Issue;
}

export const DEFAULT_MAX_ISSUES = 5_000;

export function createOrgIndex(initial: readonly IndexedIssue[] = [], maxIssues = DEFAULT_MAX_ISSUES) {
  const engine = createGroupingIndex();
  const issues = new Map<string, IndexedIssue>();
  let version = 0;

  function evictOldest(): void {
    let oldest: IndexedIssue | undefined;
    for (const entry of issues.values()) {
      if (!oldest || (entry.item.seenAt ?? 0) < (oldest.item.seenAt ?? 0)) oldest = entry;
    }
    if (oldest) remove(oldest.issue.id);
  }

  function put(entry: IndexedIssue): void {
    engine.add(entry.item);
    issues.set(entry.issue.id, entry);
    version++;
    while (issues.size > maxIssues) evictOldest();
  }

  function remove(id: string): boolean {
    if (!issues.delete(id)) return false;
    engine.remove(asItemId(id));
    version++;
    return true;
  }

  /** Newer issue data for an indexed issue (status, counts, lastSeen); false when not indexed. */
  function refresh(issue: Issue): boolean {
    const entry = issues.get(issue.id);
    if (!entry) return false;
    if (JSON.stringify(entry.issue) === JSON.stringify(issue)) return true;
    const item = withSeenAt(entry.item, issue);
    if (item.seenAt !== entry.item.seenAt) engine.add(item);
    issues.set(issue.id, { item, issue });
    version++;
    return true;
  }

  for (const entry of initial) put(entry);

  return {
    put,
    remove,
    refresh,
    get: (id: string) => issues.get(id),
    has: (id: string) => issues.has(id),
    entries: () => [...issues.values()],
    /** The indexed issues most likely to be `item`'s duplicates, best first, never `item` itself. */
    query: (item: GroupingItem, limit: number) => engine.query(item, { limit }),
    compare: (a: GroupingItem, b: GroupingItem) => engine.compare(a, b),
    get size() {
      return issues.size;
    },
    get version() {
      return version;
    },
  };
}

export type OrgIndex = ReturnType<typeof createOrgIndex>;
