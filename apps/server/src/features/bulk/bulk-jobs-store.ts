/**
 * Persistence of bulk jobs and their items in Dexter's database. Progress is counted from the
 * items (one grouped count over an index), so the numbers always add up to the total: every
 * issue of a job is pending, done or failed, and nothing else.
 */
import type {
  BulkItemStatus,
  BulkJob,
  BulkJobItemList,
  BulkJobItemsQuery,
  BulkJobState,
  IssueUpdate,
} from '@dexter/contracts';
import type { Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';
import { type BulkJobTable, bulkDb, type StoredSelection } from './bulk-db';

export interface ItemResult {
  issueId: string;
  status: Exclude<BulkItemStatus, 'pending'>;
  error: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const INSERT_BATCH = 500;

function summary(selection: StoredSelection): BulkJob['selection'] {
  return selection.kind === 'ids'
    ? { kind: 'ids', count: selection.ids.length }
    : {
        kind: 'query',
        query: selection.query,
        project: selection.project,
        environment: selection.environment,
      };
}

export function createBulkJobsStore({ db, now }: { db: DexterDb; now: () => number }) {
  const b = bulkDb(db);

  async function counts(jobId: number): Promise<Record<BulkItemStatus, number>> {
    const rows = await b
      .selectFrom('bulk_job_items')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('job_id', '=', jobId)
      .groupBy('status')
      .execute();
    const result = { pending: 0, done: 0, failed: 0 };
    for (const row of rows) result[row.status as BulkItemStatus] = Number(row.n);
    return result;
  }

  async function toJob(row: Selectable<BulkJobTable>): Promise<BulkJob> {
    return {
      id: row.id,
      state: row.state as BulkJobState,
      action: JSON.parse(row.action) as IssueUpdate,
      selection: summary(JSON.parse(row.selection) as StoredSelection),
      total: row.total,
      ...(await counts(row.id)),
      createdBy: { userId: row.created_by, name: row.created_by_name },
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      finishedAt: row.finished_at === null ? null : iso(row.finished_at),
      error: row.error,
    };
  }

  return {
    async create(input: {
      org: string;
      action: IssueUpdate;
      selection: StoredSelection;
      user: { id: number; name: string; kind: 'session' | 'token' } | null;
    }): Promise<number> {
      const at = now();
      const row = await b
        .insertInto('bulk_jobs')
        .values({
          org: input.org,
          action: JSON.stringify(input.action),
          selection: JSON.stringify(input.selection),
          state: 'resolving',
          error: null,
          created_by: input.user?.id ?? null,
          created_by_name: input.user?.name ?? null,
          created_by_kind: input.user?.kind ?? 'anonymous',
          created_at: at,
          updated_at: at,
          finished_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async row(jobId: number) {
      return b.selectFrom('bulk_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
    },

    async get(org: string, jobId: number): Promise<BulkJob | null> {
      const row = await b
        .selectFrom('bulk_jobs')
        .selectAll()
        .where('id', '=', jobId)
        .where('org', '=', org)
        .executeTakeFirst();
      return row ? toJob(row) : null;
    },

    async list(org: string, limit: number): Promise<BulkJob[]> {
      const rows = await b
        .selectFrom('bulk_jobs')
        .selectAll()
        .where('org', '=', org)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return Promise.all(rows.map(toJob));
    },

    /** Jobs a restart interrupted. */
    async unfinished() {
      return b
        .selectFrom('bulk_jobs')
        .select(['id', 'state'])
        .where('state', 'in', ['resolving', 'running'])
        .execute();
    },

    async setState(
      jobId: number,
      state: BulkJobState,
      patch: { total?: number; error?: string | null } = {},
    ) {
      const at = now();
      const finished = state === 'completed' || state === 'failed';
      await b
        .updateTable('bulk_jobs')
        .set({ state, updated_at: at, finished_at: finished ? at : null, ...patch })
        .where('id', '=', jobId)
        .execute();
    },

    /** Adds pending items; an issue already in the job is kept as it is. */
    async addItems(jobId: number, items: ReadonlyArray<{ issueId: string; projectId: string }>) {
      const at = now();
      for (let i = 0; i < items.length; i += INSERT_BATCH) {
        const rows = items.slice(i, i + INSERT_BATCH).map((item) => ({
          job_id: jobId,
          issue_id: item.issueId,
          project_id: item.projectId,
          status: 'pending',
          error: null,
          updated_at: at,
          sent_at: null,
        }));
        await b
          .insertInto('bulk_job_items')
          .values(rows)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },

    async itemCount(jobId: number): Promise<number> {
      const c = await counts(jobId);
      return c.pending + c.done + c.failed;
    },

    /**
     * Up to `size` pending issues of one project (Sentry's bulk PUT is called per project). Items
     * in doubt (sent by an instance that died before recording the result) come first, alone,
     * with the time they were sent.
     */
    async nextChunk(
      jobId: number,
      size: number,
    ): Promise<{ projectId: string; ids: string[]; sentAt: number | null } | null> {
      const pending = b
        .selectFrom('bulk_job_items')
        .where('job_id', '=', jobId)
        .where('status', '=', 'pending');
      const doubt = await pending
        .select(['project_id', 'sent_at'])
        .where('sent_at', 'is not', null)
        .orderBy('sent_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (doubt) {
        const rows = await pending
          .select('issue_id')
          .where('sent_at', 'is not', null)
          .where('project_id', '=', doubt.project_id)
          .orderBy('issue_id')
          .limit(size)
          .execute();
        return { projectId: doubt.project_id, ids: rows.map((row) => row.issue_id), sentAt: doubt.sent_at };
      }
      const first = await pending
        .select('project_id')
        .orderBy('project_id')
        .orderBy('issue_id')
        .limit(1)
        .executeTakeFirst();
      if (!first) return null;
      const rows = await pending
        .select('issue_id')
        .where('project_id', '=', first.project_id)
        .orderBy('issue_id')
        .limit(size)
        .execute();
      return { projectId: first.project_id, ids: rows.map((row) => row.issue_id), sentAt: null };
    },

    /** Marks a chunk as handed to Sentry (`sent`) or as certainly not sent (`null`). */
    async markSent(jobId: number, ids: readonly string[], sent: number | null) {
      for (let i = 0; i < ids.length; i += INSERT_BATCH) {
        await b
          .updateTable('bulk_job_items')
          .set({ sent_at: sent })
          .where('job_id', '=', jobId)
          .where('issue_id', 'in', ids.slice(i, i + INSERT_BATCH))
          .execute();
      }
    },

    /** Records one chunk's results in one transaction. */
    async record(jobId: number, results: readonly ItemResult[]) {
      const groups = new Map<string, ItemResult[]>();
      for (const result of results) {
        const key = JSON.stringify([result.status, result.error]);
        groups.set(key, [...(groups.get(key) ?? []), result]);
      }
      const at = now();
      await b.transaction().execute(async (trx) => {
        for (const group of groups.values()) {
          const [{ status, error }] = group as [ItemResult];
          await trx
            .updateTable('bulk_job_items')
            .set((eb) => ({ status, error, updated_at: at, sent_at: null, attempts: eb('attempts', '+', 1) }))
            .where('job_id', '=', jobId)
            .where(
              'issue_id',
              'in',
              group.map((r) => r.issueId),
            )
            .execute();
        }
        await trx.updateTable('bulk_jobs').set({ updated_at: at }).where('id', '=', jobId).execute();
      });
    },

    /** Failed items become pending again; returns how many. */
    async resetFailed(jobId: number): Promise<number> {
      const result = await b
        .updateTable('bulk_job_items')
        .set({ status: 'pending', error: null, updated_at: now() })
        .where('job_id', '=', jobId)
        .where('status', '=', 'failed')
        // Ids that named no issue at resolution have no project: retrying cannot help them.
        .where('project_id', '!=', '')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async items(jobId: number, query: BulkJobItemsQuery): Promise<BulkJobItemList> {
      const limit = query.limit ?? 100;
      let select = b.selectFrom('bulk_job_items').selectAll().where('job_id', '=', jobId);
      if (query.status) select = select.where('status', '=', query.status);
      if (query.cursor) select = select.where('issue_id', '>', query.cursor);
      const rows = await select
        .orderBy('issue_id')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => ({
          issueId: row.issue_id,
          projectId: row.project_id,
          status: row.status as BulkItemStatus,
          error: row.error,
          attempts: row.attempts,
          updatedAt: iso(row.updated_at),
        })),
        nextCursor: rows.length > limit ? (page.at(-1)?.issue_id ?? null) : null,
      };
    },
  };
}

export type BulkJobsStore = ReturnType<typeof createBulkJobsStore>;
