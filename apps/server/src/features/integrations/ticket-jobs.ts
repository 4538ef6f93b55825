/**
 * Ticket jobs: tickets for many issues at once (the stream's selection), one per issue or one for
 * all, in the background with a result per issue. Runs one job at a time in this process; a job
 * left running by a restart is resumed on start.
 *
 * Never a lost link: a ticket the vendor created is written to the job (or its item) before any
 * link, so a failure or restart between the two links it later rather than creating it again.
 * A vendor failure fails the issues it concerned, with the vendor's words, for a retry.
 */
import type { TicketJob, TicketJobCreate } from '@dexter/contracts';
import { DexterError } from '../../errors/error-codes';
import type { TicketFacts } from './integrations-store';
import type { JobRow, TicketJobsStore } from './ticket-jobs-store';

export interface TicketMaker {
  /** Checks the connection (404 when it is not this organization's). */
  connection(org: string, connectionId: string): Promise<{ id: number }>;
  /** Creates one ticket about the issues (the first one's project defaults apply). */
  open(
    org: string,
    connectionId: number,
    issueIds: readonly string[],
    overrides: { title?: string; labels: readonly string[] },
  ): Promise<{ ticket: TicketFacts; unread: Map<string, string> }>;
  link(org: string, issueId: string, connectionId: number, ticket: TicketFacts): Promise<unknown>;
}

export interface TicketJobsDeps {
  store: TicketJobsStore;
  tickets: TicketMaker;
  log: { warn(object: object, message: string): void };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export function createTicketJobs({ store, tickets, log }: TicketJobsDeps) {
  let queue: Promise<void> = Promise.resolve();
  let stopping = false;

  async function runEach(job: JobRow): Promise<void> {
    for (const item of await store.items(job.id)) {
      if (stopping) return;
      if (item.status === 'linked' || item.status === 'failed') continue;
      let ticket = item.ticket;
      try {
        if (!ticket) {
          ({ ticket } = await tickets.open(job.org, job.connectionId, [item.issueId], {
            labels: job.labels,
          }));
          await store.setItem(job.id, item.issueId, { status: 'created', ticket });
        }
        await tickets.link(job.org, item.issueId, job.connectionId, ticket);
        await store.setItem(job.id, item.issueId, { status: 'linked' });
      } catch (error) {
        await store.setItem(job.id, item.issueId, { status: 'failed', error: reasonOf(error) });
      }
    }
  }

  async function runOne(job: JobRow): Promise<void> {
    const items = (await store.items(job.id)).filter(
      (item) => item.status === 'pending' || item.status === 'created',
    );
    if (items.length === 0) return;
    let ticket = job.ticket;
    let linkable = items;
    if (!ticket) {
      try {
        const opened = await tickets.open(
          job.org,
          job.connectionId,
          items.map((item) => item.issueId),
          { ...(job.title ? { title: job.title } : {}), labels: job.labels },
        );
        ticket = opened.ticket;
        await store.setJobTicket(job.id, ticket);
        // Issues that could not be read are not in the ticket: failed, with why, for a retry.
        for (const [issueId, reason] of opened.unread)
          await store.setItem(job.id, issueId, { status: 'failed', error: reason.slice(0, 500) });
        linkable = items.filter((item) => !opened.unread.has(item.issueId));
      } catch (error) {
        for (const item of items)
          await store.setItem(job.id, item.issueId, { status: 'failed', error: reasonOf(error) });
        return;
      }
    }
    for (const item of linkable) {
      if (stopping) return;
      try {
        await store.setItem(job.id, item.issueId, { status: 'created', ticket });
        await tickets.link(job.org, item.issueId, job.connectionId, ticket);
        await store.setItem(job.id, item.issueId, { status: 'linked' });
      } catch (error) {
        await store.setItem(job.id, item.issueId, { status: 'failed', error: reasonOf(error) });
      }
    }
  }

  async function run(org: string, jobId: number): Promise<void> {
    const job = await store.job(org, jobId);
    if (!job || stopping) return;
    await (job.mode === 'one' ? runOne(job) : runEach(job));
    if (!stopping) await store.setStatus(jobId, 'done');
  }

  const enqueue = (org: string, jobId: number) => {
    queue = queue
      .then(() => run(org, jobId))
      .catch((error: unknown) => log.warn({ err: error, jobId }, 'integrations: ticket job stopped'));
  };

  const viewOf = async (org: string, jobId: number): Promise<TicketJob> => {
    const job = await store.view(org, jobId);
    if (!job) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No ticket job ${jobId}`);
    return job;
  };

  return {
    async start(org: string, input: TicketJobCreate & { labels: string[] }): Promise<TicketJob> {
      const connection = await tickets.connection(org, input.connectionId);
      const jobId = await store.create(
        {
          org,
          connectionId: connection.id,
          mode: input.mode,
          title: input.mode === 'one' ? (input.title ?? null) : null,
          labels: input.labels,
        },
        input.issueIds,
      );
      enqueue(org, jobId);
      return viewOf(org, jobId);
    },

    get: (org: string, jobId: string) => viewOf(org, Number(jobId)),

    async retryFailed(org: string, jobId: string): Promise<TicketJob> {
      const id = Number(jobId);
      await viewOf(org, id);
      if ((await store.retryFailed(id)) > 0) enqueue(org, id);
      return viewOf(org, id);
    },

    async resume(): Promise<void> {
      for (const job of await store.running()) enqueue(job.org, job.id);
    },

    /** Resolves when every job queued so far has run (tests, shutdown). */
    idle: () => queue,

    async stop(): Promise<void> {
      stopping = true;
      await queue;
    },
  };
}

export type TicketJobs = ReturnType<typeof createTicketJobs>;
