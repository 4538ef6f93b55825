/**
 * The companion poller's one Sentry call: the organization's 100 most recently seen issues, as
 * background work in the rate budget, under its own operation `issues.poll` (no cache class in the
 * operation table), because a cached list would hide exactly the changes the poller looks for.
 */
import { createSentryClient, type Transport } from '@dexter/sentry-client';
import type { PolledIssue } from './live-poller';

export function createPollIssues(transport: Transport) {
  const sentry = createSentryClient({ transport });
  return async function pollIssues(org: string): Promise<PolledIssue[]> {
    const issues = await sentry.issues.poll(org, { limit: 100 }, { priority: 'background' });
    return issues.map((issue) => ({
      id: issue.id,
      title: issue.title ?? '',
      shortId: issue.shortId ?? null,
      level: issue.level ?? null,
      status: issue.status ?? null,
      substatus: issue.substatus ?? null,
      count: Number(issue.count ?? 0),
      project: issue.project?.slug ?? null,
      firstSeen: issue.firstSeen ? Date.parse(issue.firstSeen) : null,
    }));
  };
}
