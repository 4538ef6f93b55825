/**
 * Ticket jobs never lose a ticket the vendor made: it is kept on the item (or the job) before any
 * link is written, so a failed link is retried with that ticket and a job cut off by a restart is
 * finished by the next process, in both cases without creating a second ticket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DexterDb, openDexterDatabase } from '../../db/database';
import type { TicketFacts } from './integrations-store';
import { createTicketJobs, type TicketMaker } from './ticket-jobs';
import { createTicketJobsStore } from './ticket-jobs-store';

let dir: string;
let db: DexterDb;
let close: () => Promise<void>;
let connectionId: number;
const ORG = 'acme';
const quiet = { warn: () => {} };

/** A maker whose vendor numbers tickets and whose link step fails for the issues in `failLinks`. */
function maker(failLinks: Set<string>) {
  const opened: string[][] = [];
  const linked: Array<[string, string]> = [];
  let next = 1;
  const tickets: TicketMaker = {
    connection: async () => ({ id: connectionId }),
    async open(_org, _id, issueIds) {
      opened.push([...issueIds]);
      const ticket: TicketFacts = {
        key: `acme/shop#${next}`,
        url: `https://github.example/acme/shop/issues/${next}`,
        title: 't',
        state: 'open',
        stateLabel: 'open',
      };
      next += 1;
      return { ticket, unread: new Map() };
    },
    async link(_org, issueId, _id, ticket) {
      if (failLinks.has(issueId)) throw new Error(`database busy linking ${issueId}`);
      linked.push([issueId, ticket.key]);
    },
  };
  return { tickets, opened, linked };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dexter-ticket-jobs-'));
  ({ db, close } = await openDexterDatabase(dir));
  const row = await db
    .withTables<{
      integration_connections: {
        org: string;
        vendor: string;
        name: string;
        base_url: string;
        account: null;
        target: string;
        resolve_on_close: number;
        created_at: number;
      };
    }>()
    .insertInto('integration_connections')
    .values({
      org: ORG,
      vendor: 'github',
      name: 'Shop',
      base_url: 'https://api.github.com',
      account: null,
      target: 'acme/shop',
      resolve_on_close: 1,
      created_at: 0,
    })
    .returning('id' as never)
    .executeTakeFirstOrThrow();
  connectionId = Number((row as unknown as { id: number }).id);
});

afterAll(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('ticket jobs', () => {
  it('retries a failed link with the ticket already made, not a new one', async () => {
    const failLinks = new Set(['2']);
    const fake = maker(failLinks);
    const jobs = createTicketJobs({
      store: createTicketJobsStore(db, () => 1),
      tickets: fake.tickets,
      log: quiet,
    });
    const started = await jobs.start(ORG, {
      connectionId: String(connectionId),
      issueIds: ['1', '2'],
      mode: 'each',
      labels: [],
    });
    await jobs.idle();
    const failed = await jobs.get(ORG, started.id);
    expect(failed.items.map((item) => [item.status, item.ticketKey])).toEqual([
      ['linked', 'acme/shop#1'],
      ['failed', 'acme/shop#2'],
    ]);
    expect(failed.items[1]!.error).toBe('database busy linking 2');

    failLinks.clear();
    await jobs.retryFailed(ORG, started.id);
    await jobs.idle();
    const done = await jobs.get(ORG, started.id);
    expect(done).toMatchObject({ status: 'done', counts: { linked: 2, failed: 0 } });
    expect(fake.opened).toEqual([['1'], ['2']]);
    expect(fake.linked).toEqual([
      ['1', 'acme/shop#1'],
      ['2', 'acme/shop#2'],
    ]);
  });

  it('finishes after a restart: a created ticket is linked, a pending issue gets its own', async () => {
    const store = createTicketJobsStore(db, () => 2);
    const jobId = await store.create({ org: ORG, connectionId, mode: 'one', title: null, labels: [] }, [
      '10',
      '11',
    ]);
    // The process stopped after the vendor made the ticket and the first link was written.
    const made: TicketFacts = {
      key: 'acme/shop#77',
      url: 'u',
      title: 't',
      state: 'open',
      stateLabel: 'open',
    };
    await store.setJobTicket(jobId, made);
    await store.setItem(jobId, '10', { status: 'linked', ticket: made });
    await store.setItem(jobId, '11', { status: 'created', ticket: made });

    const fake = maker(new Set());
    const jobs = createTicketJobs({ store, tickets: fake.tickets, log: quiet });
    await jobs.resume();
    await jobs.idle();
    expect(fake.opened).toEqual([]);
    expect(fake.linked).toEqual([['11', 'acme/shop#77']]);
    expect(await jobs.get(ORG, String(jobId))).toMatchObject({
      status: 'done',
      ticketKey: 'acme/shop#77',
      counts: { linked: 2, failed: 0, pending: 0 },
    });
  });
});
