/**
 * The issue stream and detail over the Sentry client. Detail fetches the issue and its latest
 * event in parallel; an issue without events (or whose latest event is gone) still shows.
 */
import type { Issue, IssueDetail, IssueList, IssueListQuery, IssueStatus } from '@dexter/contracts';
import { type SentryClient, SentryNotFoundError } from '@dexter/sentry-client';
import { toEvent } from './event-mapper';
import { toIssue } from './issue-mapper';

export interface IssuesServiceDeps {
  sentry: Pick<SentryClient, 'issues' | 'events'>;
}

const asList = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

export function createIssuesService({ sentry }: IssuesServiceDeps) {
  return {
    async list(org: string, params: IssueListQuery): Promise<IssueList> {
      const result = await sentry.issues.list(org, {
        query: params.query,
        sort: params.sort,
        limit: params.limit ?? 50,
        cursor: params.cursor,
        project: asList(params.project),
        environment: asList(params.environment),
      });
      return {
        issues: result.data.map(toIssue),
        nextCursor: result.page.next,
        previousCursor: result.page.previous,
        hits: result.page.hits,
      };
    },

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

    async updateStatus(org: string, issueId: string, status: IssueStatus): Promise<Issue> {
      await sentry.issues.update(org, issueId, { status });
      // Sentry's PUT answers with a partial group on some versions: read back the whole issue.
      return toIssue(await sentry.issues.get(org, issueId));
    },
  };
}

export type IssuesService = ReturnType<typeof createIssuesService>;
