/**
 * Comments on an issue and the assignee picker's members and teams, over the Sentry client.
 *
 * Upstream quirks: comments are `note` activities (`/issues/{id}/comments/`), written as the
 * Sentry identity Dexter calls with, so every comment made through Dexter has that author upstream;
 * its Dexter author is kept in Dexter's database (`comment-authors.ts`), and only that user or an
 * admin may edit or delete it (Sentry would let anyone holding Dexter's token). A member's `user.id` (not the member id) is what `user:<id>` takes;
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
import type { CommentActor, CommentAuthor, CommentAuthors } from './comment-authors';

export function createIssueTriageService({
  sentry,
  authors,
}: {
  sentry: Pick<SentryClient, 'issues' | 'organizations'>;
  authors: CommentAuthors;
}) {
  const toComment = (comment: SentryComment, author: CommentAuthor | undefined, actor: CommentActor) => ({
    id: comment.id,
    text: comment.data?.text ?? '',
    user: comment.user
      ? { id: comment.user.id, name: comment.user.name ?? null, email: comment.user.email ?? null }
      : null,
    author: author ?? null,
    canEdit: authors.canEdit(author, actor),
    dateCreated: comment.dateCreated ?? null,
  });
  const withAuthor = async (org: string, issueId: string, comment: SentryComment, actor: CommentActor) =>
    toComment(comment, (await authors.of(org, issueId, [comment.id])).get(comment.id), actor);

  return {
    async comments(org: string, issueId: string, cursor: string | undefined, actor: CommentActor) {
      const page = await sentry.issues.comments.list(org, issueId, { cursor });
      const byNote = await authors.of(
        org,
        issueId,
        page.data.map((comment) => comment.id),
      );
      const comments = page.data.map((comment) => toComment(comment, byNote.get(comment.id), actor));
      return { comments, nextCursor: page.page.next } satisfies IssueCommentList;
    },
    async addComment(org: string, issueId: string, text: string, actor: CommentActor): Promise<IssueComment> {
      const comment = await sentry.issues.comments.create(org, issueId, { text });
      await authors.record(org, issueId, comment.id, actor);
      return withAuthor(org, issueId, comment, actor);
    },
    async editComment(
      org: string,
      issueId: string,
      noteId: string,
      text: string,
      actor: CommentActor,
    ): Promise<IssueComment> {
      await authors.assertMayChange(org, issueId, noteId, actor);
      return withAuthor(
        org,
        issueId,
        await sentry.issues.comments.update(org, issueId, noteId, { text }),
        actor,
      );
    },
    async deleteComment(org: string, issueId: string, noteId: string, actor: CommentActor): Promise<void> {
      await authors.assertMayChange(org, issueId, noteId, actor);
      await sentry.issues.comments.delete(org, issueId, noteId);
      await authors.forget(org, issueId, noteId);
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
