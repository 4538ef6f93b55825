/**
 * Live counts applied to cached issue data, as pure functions: `issue.counts` carries deltas, so
 * each matching issue's `count` grows by its delta and its `lastSeen` moves to when the message
 * arrived. Data without a matching issue is returned as is (same object), so queries that hold
 * other issues do not re-render.
 */
import type { IssueDetail, LiveEventMessage } from '@dexter/contracts';
import type { IssueListPages } from '../issues/issue-pages';

type CountsMessage = Extract<LiveEventMessage, { type: 'issue.counts' }>;

export function deltasOf(message: CountsMessage): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const entry of message.counts)
    deltas.set(entry.issueId, (deltas.get(entry.issueId) ?? 0) + entry.events);
  return deltas;
}

export function applyCountsToPages(pages: IssueListPages, deltas: Map<string, number>, seenAt: string) {
  let changed = false;
  const next = pages.pages.map((page) => {
    if (!page.issues.some((issue) => deltas.has(issue.id))) return page;
    changed = true;
    return {
      ...page,
      issues: page.issues.map((issue) => {
        const delta = deltas.get(issue.id);
        return delta ? { ...issue, count: issue.count + delta, lastSeen: seenAt } : issue;
      }),
    };
  });
  return changed ? { ...pages, pages: next } : pages;
}

export function applyCountsToDetail(detail: IssueDetail, delta: number, seenAt: string): IssueDetail {
  if (delta <= 0) return detail;
  return { ...detail, issue: { ...detail.issue, count: detail.issue.count + delta, lastSeen: seenAt } };
}
