/**
 * Sentry's issue (group) as Dexter's API serves it: every required field present, `count` a
 * number, the triage state (assignee, bookmark, priority, substatus) and the sparkline when the
 * upstream sent them. Sentry responses are parsed leniently upstream, so missing fields get
 * neutral values here, once.
 */
import type { Issue, IssueAssignee } from '@dexter/contracts';
import type { IssueAssignee as SentryAssignee, Issue as SentryIssue } from '@dexter/sentry-client';
import { categoryOfIssue } from './issue-category';

function toAssignee(assignee: SentryAssignee | null | undefined): IssueAssignee | null {
  if (!assignee?.id) return null;
  return {
    type: assignee.type === 'team' ? 'team' : 'user',
    id: assignee.id,
    name: assignee.name ?? assignee.email ?? assignee.id,
    email: assignee.email ?? null,
  };
}

/** The list asks for one series (`groupStatsPeriod`), so the upstream sends one: `{"24h": [...]}`. */
const sparklineOf = (issue: SentryIssue): Issue['stats'] =>
  issue.stats ? (issue.stats['24h'] ?? Object.values(issue.stats)[0]) : undefined;

export function toIssue(issue: SentryIssue): Issue {
  const metadata = issue.metadata ?? {};
  const count = Number(issue.count ?? 0);
  const stats = sparklineOf(issue);
  const category = categoryOfIssue(issue);
  return {
    id: issue.id,
    shortId: issue.shortId ?? issue.id,
    title: issue.title ?? '<untitled>',
    culprit: issue.culprit ?? '',
    level: issue.level ?? 'error',
    status: issue.status ?? 'unresolved',
    platform: issue.platform ?? null,
    count: Number.isFinite(count) ? count : 0,
    userCount: issue.userCount ?? 0,
    firstSeen: issue.firstSeen ?? null,
    lastSeen: issue.lastSeen ?? null,
    project: {
      id: issue.project?.id ?? '',
      slug: issue.project?.slug ?? '',
      name: issue.project?.name ?? issue.project?.slug ?? '',
    },
    metadata: {
      ...(metadata.type ? { type: metadata.type } : {}),
      ...(metadata.value ? { value: metadata.value } : {}),
      ...(metadata.filename ? { filename: metadata.filename } : {}),
      ...(metadata.function ? { function: metadata.function } : {}),
      ...(metadata.title ? { title: metadata.title } : {}),
    },
    permalink: issue.permalink ?? null,
    substatus: issue.substatus ?? null,
    ...(issue.statusDetails ? { statusDetails: { ...issue.statusDetails } } : {}),
    priority: issue.priority ?? null,
    assignedTo: toAssignee(issue.assignedTo),
    ...(typeof issue.isBookmarked === 'boolean' ? { isBookmarked: issue.isBookmarked } : {}),
    ...(typeof issue.numComments === 'number' ? { numComments: issue.numComments } : {}),
    ...(stats ? { stats } : {}),
    ...(category ? { category } : {}),
    ...(issue.firstRelease?.version ? { firstRelease: issue.firstRelease.version } : {}),
    ...(issue.lastRelease?.version ? { lastRelease: issue.lastRelease.version } : {}),
  };
}
