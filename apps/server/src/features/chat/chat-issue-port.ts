/**
 * The issue reads and writes chat needs, over the upstream pipeline (features may not import each
 * other): the same calls and mappings as the issues service behind the UI's `PUT /issues/{id}`
 * (`issues.update` with `toSentryUpdate`, the issue read back and told on the change feed as
 * `issue.updated`, so live pages, caches and this feature's threads hear of it alike), Dexter's
 * search for the Teams command, comments (notes), and the member an e-mail belongs to.
 */
import type { Change } from '@dexter/change-feed';
import type { Issue, IssueUpdate } from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';
import type { IssueSearch } from '../../issue-search/issue-search-service';
import { searchParamsOf } from '../../issue-search/search-params';
import { toSentryUpdate } from '../../sentry-mapping/issue-actions';
import { toIssue } from '../../sentry-mapping/issue-mapper';

export interface ChatComment {
  id: string;
  text: string;
  author: string | null;
  dateCreated: string | null;
}

export function createChatIssuePort(
  sentry: Pick<SentryClient, 'issues' | 'organizations'>,
  search: IssueSearch,
  publish: (change: Change) => Promise<void>,
) {
  return {
    async get(org: string, issueId: string): Promise<Issue> {
      return toIssue(await sentry.issues.get(org, issueId));
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

    async search(org: string, query: string, limit: number): Promise<Issue[]> {
      const page = await search.page(org, searchParamsOf({ query }), { limit });
      return page.issues.map((issue) => toIssue(issue));
    },

    /** The newest page of an issue's comments, newest first (as Sentry lists notes). */
    async comments(org: string, issueId: string): Promise<ChatComment[]> {
      const page = await sentry.issues.comments.list(org, issueId, {});
      return page.data.map((comment) => ({
        id: comment.id,
        text: comment.data?.text ?? '',
        author: comment.user?.name ?? null,
        dateCreated: comment.dateCreated ?? null,
      }));
    },

    async addComment(org: string, issueId: string, text: string): Promise<{ id: string }> {
      const comment = await sentry.issues.comments.create(org, issueId, { text });
      return { id: comment.id };
    },

    /** The organization's teams (first page), offered by "Assign to team…". */
    async teams(org: string): Promise<Array<{ id: string; slug: string }>> {
      const page = await sentry.organizations.teams(org, { perPage: 100 });
      return page.data.map((team) => ({ id: String(team.id), slug: team.slug }));
    },

    /** `user:<id>` of the organization member with this e-mail, or null (none, or a pending invite). */
    async assigneeByEmail(org: string, email: string): Promise<string | null> {
      const page = await sentry.organizations.members(org, { query: email });
      const member = page.data.find(
        (one) =>
          (one.email ?? one.user?.email ?? '').toLowerCase() === email.toLowerCase() &&
          one.pending !== true &&
          one.user?.id,
      );
      return member?.user?.id ? `user:${member.user.id}` : null;
    },
  };
}

export type ChatIssuePort = ReturnType<typeof createChatIssuePort>;
