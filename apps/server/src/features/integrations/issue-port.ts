/**
 * The issue reads and the resolve this feature needs, over the upstream pipeline: the same calls
 * and mappings as the issues service behind the UI's `PUT /issues/{id}` (features/issues,
 * which features may not import): `issues.update` with `toSentryUpdate`, then the issue read back
 * and told on the change feed as `issue.updated`, so live pages and caches hear of it alike.
 */

import type { Change } from '@dexter/change-feed';
import type { IssueDetail, IssueUpdate } from '@dexter/contracts';
import { type SentryClient, SentryNotFoundError } from '@dexter/sentry-client';
import { toEvent } from '../../sentry-mapping/event-mapper';
import { toSentryUpdate } from '../../sentry-mapping/issue-actions';
import { toIssue } from '../../sentry-mapping/issue-mapper';

export function createIssuePort(
  sentry: Pick<SentryClient, 'issues' | 'events'>,
  publish: (change: Change) => Promise<void>,
) {
  return {
    async detail(org: string, issueId: string): Promise<IssueDetail> {
      const [issue, latest] = await Promise.all([
        sentry.issues.get(org, issueId),
        sentry.events.getForIssue(org, issueId, 'latest').catch((error: unknown) => {
          if (error instanceof SentryNotFoundError) return null;
          throw error;
        }),
      ]);
      return { issue: toIssue(issue), latestEvent: latest ? toEvent(latest) : null };
    },

    async update(org: string, issueId: string, update: IssueUpdate): Promise<void> {
      await sentry.issues.update(org, issueId, toSentryUpdate(update));
      const issue = await sentry.issues.get(org, issueId);
      await publish({
        type: 'issue.updated',
        org,
        project: issue.project?.slug ?? null,
        issueId: String(issue.id),
        action: issue.status ?? 'updated',
        status: issue.status ?? null,
        count: Number(issue.count ?? 0),
        origin: 'dexter',
      });
    },
  };
}
