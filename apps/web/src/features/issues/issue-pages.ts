/**
 * Pure operations on the cached pages of an issue stream (TanStack's InfiniteData of IssueList).
 * Cursor pages can overlap when issues move between requests, so flattening keeps the first copy.
 */
import type { Issue, IssueList } from '@dexter/contracts';
import type { InfiniteData } from '@tanstack/react-query';

export type IssueListPages = InfiniteData<IssueList, string | null>;

export interface IssueStream {
  issues: Issue[];
  /** Total matches from the first page; null when the upstream does not count. */
  hits: number | null;
}

export function flattenIssuePages(data: IssueListPages): IssueStream {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const page of data.pages) {
    for (const issue of page.issues) {
      if (seen.has(issue.id)) continue;
      seen.add(issue.id);
      issues.push(issue);
    }
  }
  return { issues, hits: data.pages[0]?.hits ?? null };
}

export function patchIssueInPages(
  data: IssueListPages,
  issueId: string,
  patch: Partial<Issue>,
): IssueListPages {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      issues: page.issues.map((issue) => (issue.id === issueId ? { ...issue, ...patch } : issue)),
    })),
  };
}

/** The same patch on every issue whose id is in `ids` (one bulk action, optimistically). */
export function patchIssuesInPages(
  data: IssueListPages,
  ids: ReadonlySet<string>,
  patch: Partial<Issue>,
): IssueListPages {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      issues: page.issues.map((issue) => (ids.has(issue.id) ? { ...issue, ...patch } : issue)),
    })),
  };
}
