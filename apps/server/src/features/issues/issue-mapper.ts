/**
 * Sentry's issue (group) as Dexter's API serves it: every field present, `count` a number. Sentry
 * responses are parsed leniently upstream, so missing fields get neutral values here, once.
 */
import type { Issue } from '@dexter/contracts';
import type { Issue as SentryIssue } from '@dexter/sentry-client';

export function toIssue(issue: SentryIssue): Issue {
  const metadata = issue.metadata ?? {};
  const count = Number(issue.count ?? 0);
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
  };
}
