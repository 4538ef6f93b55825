/**
 * Comments on an issue and the assignee picker's members and teams, over the Sentry client.
 *
 * Upstream quirks: comments are `note` activities (`/issues/{id}/comments/`), written as the
 * Sentry identity Dexter calls with, so every comment made through Dexter has that author (the
 * Dexter user is in Dexter's audit log); Sentry lets only the author edit or delete a comment and
 * answers 404 to anyone else. A member's `user.id` (not the member id) is what `user:<id>` takes;
 * a pending invite has no user and cannot be assigned.
 */
import type {
  IssueComment,
  IssueCommentList,
  OrganizationMemberList,
  OrganizationTeamList,
  PageQuery,
} from '@dexter/contracts';
import type { SentryClient, IssueComment as SentryComment } from '@dexter/sentry-client';

function toComment(comment: SentryComment): IssueComment {
  return {
    id: comment.id,
    text: comment.data?.text ?? '',
    user: comment.user
      ? { id: comment.user.id, name: comment.user.name ?? null, email: comment.user.email ?? null }
      : null,
    dateCreated: comment.dateCreated ?? null,
  };
}

export function createIssueTriageService({
  sentry,
}: {
  sentry: Pick<SentryClient, 'issues' | 'organizations'>;
}) {
  return {
    async comments(org: string, issueId: string, cursor?: string): Promise<IssueCommentList> {
      const page = await sentry.issues.comments.list(org, issueId, { cursor });
      return { comments: page.data.map(toComment), nextCursor: page.page.next };
    },
    async addComment(org: string, issueId: string, text: string): Promise<IssueComment> {
      return toComment(await sentry.issues.comments.create(org, issueId, { text }));
    },
    async editComment(org: string, issueId: string, noteId: string, text: string): Promise<IssueComment> {
      return toComment(await sentry.issues.comments.update(org, issueId, noteId, { text }));
    },
    async deleteComment(org: string, issueId: string, noteId: string): Promise<void> {
      await sentry.issues.comments.delete(org, issueId, noteId);
    },

    async members(org: string, query: PageQuery): Promise<OrganizationMemberList> {
      const page = await sentry.organizations.members(org, { cursor: query.cursor, query: query.query });
      return {
        members: page.data.map((member) => {
          const userId = member.user?.id ?? null;
          return {
            id: member.id,
            userId,
            name: member.name ?? member.user?.name ?? member.email ?? member.id,
            email: member.email ?? member.user?.email ?? null,
            role: member.orgRole ?? null,
            pending: member.pending === true,
            assignee: userId && member.pending !== true ? `user:${userId}` : null,
          };
        }),
        nextCursor: page.page.next,
      };
    },

    async teams(org: string, query: PageQuery): Promise<OrganizationTeamList> {
      const page = await sentry.organizations.teams(org, {
        cursor: query.cursor,
        query: query.query,
        detailed: false,
      });
      return {
        teams: page.data.map((team) => ({
          id: team.id,
          slug: team.slug,
          name: team.name ?? team.slug,
          assignee: `team:${team.id}`,
        })),
        nextCursor: page.page.next,
      };
    },
  };
}

export type IssueTriageService = ReturnType<typeof createIssueTriageService>;
