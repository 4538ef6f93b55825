/**
 * The Dexter author of each comment made through Dexter (migration `0006_comment_authors`).
 * Upstream, every comment is written as Dexter's one Sentry identity, so this is the only place
 * that knows who wrote it, and the only thing edit and delete are checked against: the author or
 * an admin. A comment with no row here (written in Sentry itself) is changed by admins only.
 */
import type { Role } from '@dexter/contracts';
import type { DexterDb } from '../../db/database';
import { DexterError } from '../../errors/error-codes';

interface CommentAuthorTable {
  org: string;
  issue_id: string;
  note_id: string;
  user_id: number;
  created_at: number;
}

/** Who is acting on a comment. */
export interface CommentActor {
  id: number;
  role: Role;
}

export interface CommentAuthor {
  id: number;
  name: string;
}

export function createCommentAuthors({ db, now }: { db: DexterDb; now: () => number }) {
  const authors = db.withTables<{ comment_authors: CommentAuthorTable }>();

  async function of(org: string, issueId: string, noteIds: string[]): Promise<Map<string, CommentAuthor>> {
    if (noteIds.length === 0) return new Map();
    const rows = await authors
      .selectFrom('comment_authors')
      .innerJoin('users', 'users.id', 'comment_authors.user_id')
      .select(['comment_authors.note_id', 'users.id', 'users.display_name'])
      .where('comment_authors.org', '=', org)
      .where('comment_authors.issue_id', '=', issueId)
      .where('comment_authors.note_id', 'in', noteIds)
      .execute();
    return new Map(rows.map((row) => [row.note_id, { id: row.id, name: row.display_name }]));
  }

  return {
    of,
    canEdit: (author: CommentAuthor | undefined, actor: CommentActor) =>
      actor.role === 'admin' || author?.id === actor.id,

    async record(org: string, issueId: string, noteId: string, actor: CommentActor): Promise<void> {
      await authors
        .insertInto('comment_authors')
        .values({ org, issue_id: issueId, note_id: noteId, user_id: actor.id, created_at: now() })
        .onConflict((conflict) => conflict.columns(['org', 'issue_id', 'note_id']).doNothing())
        .execute();
    },

    /** Throws 403 unless `actor` wrote the comment or is an admin. */
    async assertMayChange(org: string, issueId: string, noteId: string, actor: CommentActor): Promise<void> {
      if (actor.role === 'admin') return;
      const author = (await of(org, issueId, [noteId])).get(noteId);
      if (author?.id !== actor.id) {
        throw new DexterError(
          'DEXTER_ERR_FORBIDDEN',
          'Only the author of this comment or an admin may change it',
        );
      }
    },

    async forget(org: string, issueId: string, noteId: string): Promise<void> {
      await authors
        .deleteFrom('comment_authors')
        .where('org', '=', org)
        .where('issue_id', '=', issueId)
        .where('note_id', '=', noteId)
        .execute();
    },
  };
}

export type CommentAuthors = ReturnType<typeof createCommentAuthors>;
