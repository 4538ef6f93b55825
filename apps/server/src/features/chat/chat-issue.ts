/**
 * What a chat message says about an issue, the same for Slack and Teams: read from the issue as
 * Dexter's API serves it, plus the link into Dexter's own page (`/<org>/issues/<id>`).
 */
import type { Issue, Sparkline } from '@dexter/contracts';

export interface ChatIssue {
  org: string;
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: string;
  project: string;
  count: number;
  userCount: number;
  release: string | null;
  assignee: string | null;
  /** Hourly event counts of the last day, as a text sparkline. */
  sparkline: string;
  url: string;
}

const BARS = '▁▂▃▄▅▆▇█';

/** Text bars, one per bucket, scaled to the largest; an empty bucket is the lowest bar. */
export function textSparkline(points: Sparkline | undefined, width = 24): string {
  if (!points || points.length === 0) return '';
  const values = points.slice(-width).map(([, count]) => count);
  const max = Math.max(...values);
  if (max <= 0) return BARS[0]!.repeat(values.length);
  return values
    .map((value) => BARS[Math.min(BARS.length - 1, Math.round((value / max) * (BARS.length - 1)))])
    .join('');
}

export const issueUrl = (publicUrl: string, org: string, issueId: string) =>
  `${publicUrl.replace(/\/$/, '')}/${encodeURIComponent(org)}/issues/${encodeURIComponent(issueId)}`;

export function chatIssueOf(org: string, issue: Issue, publicUrl: string): ChatIssue {
  return {
    org,
    id: issue.id,
    shortId: issue.shortId,
    title: issue.title,
    culprit: issue.culprit,
    level: issue.level,
    status: issue.status,
    project: issue.project.slug,
    count: issue.count,
    userCount: issue.userCount,
    release: issue.lastRelease ?? issue.firstRelease ?? null,
    assignee: issue.assignedTo?.name ?? null,
    sparkline: textSparkline(issue.stats),
    url: issueUrl(publicUrl, org, issue.id),
  };
}
