/**
 * Verdicts on pairs of issues in Dexter's own database (`similarity_feedback`). A pair is
 * unordered: it is stored smaller id first, so (a, b) and (b, a) are one row, and the latest
 * verdict on it replaces the earlier one. Reads join the author's display name, because the
 * product shows who pinned two issues together.
 */
import type { SimilarityVerdict } from '@dexter/contracts';
import type { DexterDb } from '../../db/database';

export interface PairVerdict {
  /** The smaller issue id of the pair. */
  a: string;
  b: string;
  verdict: SimilarityVerdict;
  userName: string;
  createdAt: number;
}

const FORMER_USER = 'a former user';

/** Numeric issue ids compared as numbers, without the precision loss of `Number` past 2^53. */
export function orderedPair(x: string, y: string): [string, string] {
  const xFirst = x.length !== y.length ? x.length < y.length : x < y;
  return xFirst ? [x, y] : [y, x];
}

export interface FeedbackStoreDeps {
  db: DexterDb;
  now: () => number;
}

export function createFeedbackStore({ db, now }: FeedbackStoreDeps) {
  const select = (org: string) =>
    db
      .selectFrom('similarity_feedback as f')
      .leftJoin('users as u', 'u.id', 'f.user_id')
      .select(['f.issue_a', 'f.issue_b', 'f.verdict', 'f.created_at', 'u.display_name', 'u.username'])
      .where('f.org', '=', org);

  type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
  const toVerdict = (row: Row): PairVerdict => ({
    a: row.issue_a,
    b: row.issue_b,
    verdict: row.verdict === 'same' ? 'same' : 'different',
    userName: row.display_name || row.username || FORMER_USER,
    createdAt: Number(row.created_at),
  });

  return {
    async record(
      org: string,
      pair: { issueA: string; issueB: string; verdict: SimilarityVerdict },
      userId: number | null,
    ): Promise<PairVerdict> {
      const [a, b] = orderedPair(pair.issueA, pair.issueB);
      const createdAt = now();
      await db
        .insertInto('similarity_feedback')
        .values({
          org,
          issue_a: a,
          issue_b: b,
          verdict: pair.verdict,
          user_id: userId,
          created_at: createdAt,
        })
        .onConflict((oc) =>
          oc
            .columns(['org', 'issue_a', 'issue_b'])
            .doUpdateSet({ verdict: pair.verdict, user_id: userId, created_at: createdAt }),
        )
        .execute();
      const row = await select(org).where('f.issue_a', '=', a).where('f.issue_b', '=', b).executeTakeFirst();
      return row ? toVerdict(row) : { a, b, verdict: pair.verdict, userName: FORMER_USER, createdAt };
    },

    /** Every verdict of the organization; there are as many as people gave, a small number. */
    async forOrg(org: string): Promise<PairVerdict[]> {
      return (await select(org).orderBy('f.created_at').execute()).map(toVerdict);
    },

    async forIssue(org: string, issueId: string): Promise<PairVerdict[]> {
      const rows = await select(org)
        .where((eb) => eb.or([eb('f.issue_a', '=', issueId), eb('f.issue_b', '=', issueId)]))
        .execute();
      return rows.map(toVerdict);
    },
  };
}

export type FeedbackStore = ReturnType<typeof createFeedbackStore>;
