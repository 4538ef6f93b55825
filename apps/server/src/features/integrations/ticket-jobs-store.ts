/**
 * Ticket jobs in Dexter's database (migration 0014): a job's issues in the order chosen, each
 * `pending` until its ticket exists, `created` once it does (the ticket is kept on the item, or on
 * the job for one ticket for all, before any link is written), then `linked` or `failed` with why.
 * A restart finds `pending` and `created` items and finishes them without creating twice.
 */
import type { TicketJob } from '@dexter/contracts';
import type { Generated, Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';
import type { TicketFacts } from './integrations-store';

type ItemStatus = TicketJob['items'][number]['status'];

interface JobTable {
  id: Generated<number>;
  org: string;
  connection_id: number;
  mode: TicketJob['mode'];
  title: string | null;
  labels: string;
  status: TicketJob['status'];
  ticket: string | null;
  created_at: number;
  updated_at: number;
}

interface ItemTable {
  job_id: number;
  position: number;
  issue_id: string;
  status: ItemStatus;
  ticket: string | null;
  error: string | null;
}

export interface JobRow {
  id: number;
  org: string;
  connectionId: number;
  mode: TicketJob['mode'];
  title: string | null;
  labels: string[];
  ticket: TicketFacts | null;
}

export interface JobItem {
  issueId: string;
  status: ItemStatus;
  ticket: TicketFacts | null;
  error: string | null;
}

const facts = (json: string | null): TicketFacts | null => (json ? (JSON.parse(json) as TicketFacts) : null);

export function createTicketJobsStore(db: DexterDb, now: () => number) {
  const tables = db.withTables<{ ticket_jobs: JobTable; ticket_job_items: ItemTable }>();
  const jobRow = (org: string, jobId: number) =>
    tables
      .selectFrom('ticket_jobs')
      .selectAll()
      .where('org', '=', org)
      .where('id', '=', jobId)
      .executeTakeFirst();
  const jobOf = (row: Selectable<JobTable>): JobRow => ({
    id: Number(row.id),
    org: row.org,
    connectionId: Number(row.connection_id),
    mode: row.mode,
    title: row.title,
    labels: JSON.parse(row.labels) as string[],
    ticket: facts(row.ticket),
  });
  const touch = (jobId: number) =>
    tables.updateTable('ticket_jobs').set({ updated_at: now() }).where('id', '=', jobId).execute();

  return {
    async create(job: Omit<JobRow, 'id' | 'ticket'>, issueIds: readonly string[]): Promise<number> {
      const at = now();
      return db.transaction().execute(async (trx) => {
        const t = trx.withTables<{ ticket_jobs: JobTable; ticket_job_items: ItemTable }>();
        const row = await t
          .insertInto('ticket_jobs')
          .values({
            org: job.org,
            connection_id: job.connectionId,
            mode: job.mode,
            title: job.title,
            labels: JSON.stringify(job.labels),
            status: 'running',
            ticket: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const jobId = Number(row.id);
        await t
          .insertInto('ticket_job_items')
          .values(
            [...new Set(issueIds)].map((issueId, position) => ({
              job_id: jobId,
              position,
              issue_id: issueId,
              status: 'pending' as const,
              ticket: null,
              error: null,
            })),
          )
          .execute();
        return jobId;
      });
    },

    async job(org: string, jobId: number): Promise<JobRow | null> {
      const row = await jobRow(org, jobId);
      return row ? jobOf(row) : null;
    },

    /** The job as the API shows it. */
    async view(org: string, jobId: number): Promise<TicketJob | null> {
      const row = await jobRow(org, jobId);
      if (!row) return null;
      const items = await this.items(jobId);
      const count = (status: ItemStatus) => items.filter((item) => item.status === status).length;
      const ticket = facts(row.ticket);
      return {
        id: String(row.id),
        connectionId: String(row.connection_id),
        mode: row.mode,
        status: row.status,
        ticketKey: ticket?.key ?? null,
        counts: {
          total: items.length,
          linked: count('linked'),
          failed: count('failed'),
          pending: count('pending') + count('created'),
        },
        items: items.map((item) => ({
          issueId: item.issueId,
          status: item.status,
          ticketKey: item.ticket?.key ?? null,
          ticketUrl: item.ticket?.url ?? null,
          error: item.error,
        })),
        createdAt: new Date(Number(row.created_at)).toISOString(),
        updatedAt: new Date(Number(row.updated_at)).toISOString(),
      };
    },

    async items(jobId: number): Promise<JobItem[]> {
      const rows = await tables
        .selectFrom('ticket_job_items')
        .selectAll()
        .where('job_id', '=', jobId)
        .orderBy('position')
        .execute();
      return rows.map((row) => ({
        issueId: row.issue_id,
        status: row.status,
        ticket: facts(row.ticket),
        error: row.error,
      }));
    },

    async setItem(
      jobId: number,
      issueId: string,
      change: { status: ItemStatus; ticket?: TicketFacts | null; error?: string | null },
    ): Promise<void> {
      await tables
        .updateTable('ticket_job_items')
        .set({
          status: change.status,
          ...(change.ticket !== undefined
            ? { ticket: change.ticket ? JSON.stringify(change.ticket) : null }
            : {}),
          error: change.error ?? null,
        })
        .where('job_id', '=', jobId)
        .where('issue_id', '=', issueId)
        .execute();
      await touch(jobId);
    },

    /** One ticket for all: kept on the job before any issue is linked to it. */
    async setJobTicket(jobId: number, ticket: TicketFacts): Promise<void> {
      await tables
        .updateTable('ticket_jobs')
        .set({ ticket: JSON.stringify(ticket), updated_at: now() })
        .where('id', '=', jobId)
        .execute();
    },

    async setStatus(jobId: number, status: TicketJob['status']): Promise<void> {
      await tables
        .updateTable('ticket_jobs')
        .set({ status, updated_at: now() })
        .where('id', '=', jobId)
        .execute();
    },

    /** Failed items back to pending (their ticket, if any, is kept: it is linked, not made again). */
    async retryFailed(jobId: number): Promise<number> {
      const result = await tables
        .updateTable('ticket_job_items')
        .set({ status: 'pending', error: null })
        .where('job_id', '=', jobId)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      const count = Number(result.numUpdatedRows);
      if (count > 0) await this.setStatus(jobId, 'running');
      return count;
    },

    async running(): Promise<Array<{ org: string; id: number }>> {
      const rows = await tables
        .selectFrom('ticket_jobs')
        .select(['org', 'id'])
        .where('status', '=', 'running')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({ org: row.org, id: Number(row.id) }));
    },
  };
}

export type TicketJobsStore = ReturnType<typeof createTicketJobsStore>;
