/**
 * The event rollup stays the events' own count: after ingest (resent duplicates counted once),
 * after merging issues (counts move to the parent, the children stop being new issues) and after
 * deleting issues; the per-project table is always the per-issue one summed; and migration 0009
 * rebuilds the same rows from stored events.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventRollupMigration } from '../../db/migration-0009-event-rollup';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { apiCall, orgPath, seedIssue } from '../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const HOUR = 3_600_000;
const base = Date.UTC(2026, 2, 1, 8);
let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

/** Rows of `table` as sorted plain objects. */
async function rows(table: 'event_rollup' | 'event_rollup_project') {
  const result = await sql<Record<string, number | string>>`select * from ${sql.table(table)}`.execute(
    server.store.db,
  );
  return result.rows.map((row) => JSON.stringify(row)).sort();
}

/** What the rollup should hold, counted from `events` themselves. */
async function fromEvents() {
  const result = await sql<{
    issue_id: number;
    bucket: number;
    release: string;
    environment: string;
    events: number;
  }>`
    select issue_id, timestamp - (timestamp % 3600000) as bucket,
           coalesce(json_extract(data, '$.release'), '') as release,
           coalesce(json_extract(data, '$.environment'), '') as environment, count(*) as events
    from events group by 1, 2, 3, 4`.execute(server.store.db);
  const rollup = await sql<{
    issue_id: number;
    bucket: number;
    release: string;
    environment: string;
    events: number;
  }>`
    select issue_id, bucket, release, environment, events from event_rollup`.execute(server.store.db);
  const key = (r: {
    issue_id: number;
    bucket: number;
    release: string;
    environment: string;
    events: number;
  }) => JSON.stringify([r.issue_id, Number(r.bucket), r.release, r.environment, Number(r.events)]);
  return { expected: result.rows.map(key).sort(), actual: rollup.rows.map(key).sort() };
}

async function expectProjectTableIsTheSum() {
  const sums = await sql<Record<string, number | string>>`
    select project_id, bucket, release, environment, sum(events) as events, sum(new_issues) as new_issues
    from event_rollup group by 1, 2, 3, 4 having sum(events) > 0 or sum(new_issues) > 0`.execute(
    server.store.db,
  );
  const project = await sql<Record<string, number | string>>`
    select project_id, bucket, release, environment, events, new_issues from event_rollup_project`.execute(
    server.store.db,
  );
  const sorted = (list: Array<Record<string, number | string>>) =>
    list.map((row) => JSON.stringify(row)).sort();
  expect(sorted(project.rows)).toEqual(sorted(sums.rows));
}

const newIssues = async (issueId: string) =>
  sql<{
    n: number;
  }>`select coalesce(sum(new_issues), 0) as n from event_rollup where issue_id = ${Number(issueId)}`
    .execute(server.store.db)
    .then((r) => Number(r.rows[0]?.n));

describe('event rollup', () => {
  let first: string;
  let second: string;
  let third: string;

  it('counts each stored event once, by issue, hour, release and environment', async () => {
    first = await seedIssue(server, 'rollup-first', { events: 3, release: 'web@1', at: base });
    second = await seedIssue(server, 'rollup-second', {
      events: 2,
      release: 'web@2',
      environment: 'staging',
      at: base + HOUR,
    });
    third = await seedIssue(server, 'rollup-third', {
      events: 1,
      release: null,
      environment: null,
      at: base + 2 * HOUR,
    });
    // A resend of an event already stored (SDKs retry after timeouts) is not counted again.
    const event = testEvent({
      fingerprint: ['rollup-first'],
      value: 'rollup-first',
      at: base,
      release: 'web@1',
    });
    for (let i = 0; i < 2; i++) {
      const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
      expect(res.status).toBe(200);
    }
    const { expected, actual } = await fromEvents();
    expect(actual).toEqual(expected);
    expect(actual).toHaveLength(3);
    expect(await newIssues(first)).toBe(1);
    await expectProjectTableIsTheSum();
  });

  it('moves merged issues’ counts to the parent, which stays the one new issue', async () => {
    const res = await apiCall(server, 'PUT', orgPath(server, `issues/?id=${first}&id=${second}`), {
      merge: true,
    });
    expect(res.status).toBe(200);
    const { expected, actual } = await fromEvents();
    expect(actual).toEqual(expected);
    expect(await newIssues(first)).toBe(1);
    expect(await newIssues(second)).toBe(0);
    await expectProjectTableIsTheSum();
  });

  it('takes deleted issues’ counts away from both tables', async () => {
    const res = await server.api(orgPath(server, `issues/?id=${first}`), { method: 'DELETE' });
    expect(res.status).toBe(204);
    const { expected, actual } = await fromEvents();
    expect(actual).toEqual(expected);
    expect(actual.every((row) => JSON.parse(row)[0] === Number(third))).toBe(true);
    await expectProjectTableIsTheSum();
  });

  it('migration 0009 rebuilds the same rows from stored events', async () => {
    await seedIssue(server, 'rollup-fourth', { events: 2, release: 'web@3', at: base + 5 * HOUR });
    const before = { issue: await rows('event_rollup'), project: await rows('event_rollup_project') };
    await eventRollupMigration.down!(server.store.db);
    await eventRollupMigration.up(server.store.db);
    expect(await rows('event_rollup')).toEqual(before.issue);
    expect(await rows('event_rollup_project')).toEqual(before.project);
  });
});
