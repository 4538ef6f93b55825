/**
 * Exports streamed with no row cap, against a built-in store behind the fault proxy: 20,000
 * issues as CSV match the store's own table (ids, count, titles through RFC 4180 quoting); the
 * first bytes arrive while most upstream pages are still unread; a Dexter search exports as JSON
 * and NDJSON; and every event of an issue exports the same way.
 *
 * Seeding: 100 issues come from real envelopes; the other 19,900 are copies of their rows made
 * in the store's database (changed title and dates), because ingesting 20,000 envelopes would
 * take most of a minute while the export reads the issues through the API either way.
 */
import { ISSUE_EXPORT_COLUMNS } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestIssues } from '../../testing/bulk-test-helpers';
import { type FaultedSetup, startFaultedDexter } from '../../testing/faulted-dexter';

let setup: FaultedSetup;
const TOTAL = 20_000;
const TRICKY = 'say "hi", then\r\nbye';
let eventIssue = '';

const path = (rest: string) => `/api/v1/organizations/${setup.store.org}${rest}`;

/** RFC 4180: quoted fields may hold commas, CRLF and doubled quotes; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    const next = text[i + 1];
    i += 1;
    if (quoted && char === '"' && next === '"') {
      field += '"';
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && next === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i += 1;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function cloneIssues(copies: number) {
  const db = setup.store.store.db;
  const columns = (await sql<{ name: string }>`pragma table_info(issues)`.execute(db)).rows
    .map((c) => c.name)
    .filter((name) => name !== 'id');
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const values = sql.join(
    columns.map((c) =>
      c === 'short_id_num'
        ? sql`short_id_num + n.i * 1000`
        : c === 'title'
          ? sql`title || ' copy ' || n.i`
          : c === 'last_seen' || c === 'first_seen'
            ? sql`${sql.ref(c)} - n.i * 1000`
            : sql.ref(c),
    ),
  );
  await sql`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${copies})
    insert into issues (${list}) select ${values} from issues, n where issues.title not like '%copy%'`.execute(
    db,
  );
}

beforeAll(async () => {
  setup = await startFaultedDexter({ DEXTER_UPSTREAM_RATE: '100000', DEXTER_UPSTREAM_CONCURRENCY: '64' });
  const project = { id: setup.store.projectId, publicKey: setup.store.publicKey };
  await ingestIssues({ url: setup.store.url, project }, 99, 'x');
  await ingestIssues({ url: setup.store.url, project }, 1, TRICKY);
  await cloneIssues(TOTAL / 100 - 1);
  const sends = Array.from({ length: 150 }, (_, i) =>
    postEnvelope(
      setup.store.url,
      project.id,
      project.publicKey,
      envelopeOf(testEvent({ fingerprint: ['many-events'], value: 'many events', userId: `u${i}` })),
    ),
  );
  for (const res of await Promise.all(sends)) expect(res.status).toBe(200);
  const row = await setup.store.store.db
    .selectFrom('issues')
    .select('id')
    .where('title', '=', 'Error: many events')
    .executeTakeFirstOrThrow();
  eventIssue = String(row.id);
}, 180_000);
afterAll(() => setup.close());

const storeIds = async () =>
  (await setup.store.store.db.selectFrom('issues').select('id').execute()).map((r) => String(r.id)).sort();

describe('GET /issues/export', () => {
  it('exports all 20,000 issues as CSV, matching the store, with a filename', async () => {
    const res = await setup.dexter.request(path('/issues/export?format=csv&query='));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="dexter-issues-.+\.csv"$/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([...ISSUE_EXPORT_COLUMNS]);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    expect(rows.length).toBe(TOTAL + 1);
    expect(rows.map((r) => r[0]!).sort()).toEqual(await storeIds());
    const titles = new Map(
      (await setup.store.store.db.selectFrom('issues').select(['id', 'title']).execute()).map((r) => [
        String(r.id),
        r.title,
      ]),
    );
    // Titles with quotes, commas and line breaks survive the CSV round trip.
    expect(rows.filter((r) => r[2]!.includes('"hi", then')).length).toBe(TOTAL / 100);
    expect(rows.every((r) => r[2] === titles.get(r[0]!))).toBe(true);
  }, 120_000);

  it('streams: the first rows arrive before most upstream pages are read', async () => {
    const listPath = `/organizations/${setup.store.org}/issues/`;
    const before = setup.upstreamCalls('GET', listPath);
    const res = await setup.dexter.request(path('/issues/export?format=ndjson&query=&sort=new'));
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const pagesAtFirstBytes = setup.upstreamCalls('GET', listPath) - before;
    await reader.cancel();
    expect(pagesAtFirstBytes).toBeLessThan(TOTAL / 100 / 2);
  });

  it('exports a search in Dexter syntax as a JSON array and as NDJSON', async () => {
    const query = encodeURIComponent('"many events" OR error.type:Nope');
    const json = await setup.dexter.request(path(`/issues/export?format=json&query=${query}`));
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as Array<{ id: string; count: number }>).map((r) => [r.id, r.count])).toEqual(
      [[eventIssue, 150]],
    );
    const ndjson = await setup.dexter.request(path(`/issues/export?format=ndjson&query=${query}`));
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await ndjson.text()).split('\n');
    expect(lines.map((line) => (line ? (JSON.parse(line) as { id: string }).id : ''))).toEqual([
      eventIssue,
      '',
    ]);
  });

  it('answers a bad query with an error, not a file', async () => {
    const res = await setup.dexter.request(
      path(`/issues/export?query=${encodeURIComponent('(level:error')}`),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toMatchObject({
      position: 0,
    });
  });
});

describe('GET /issues/{id}/events/export', () => {
  it('exports every event of the issue, matching the store', async () => {
    const res = await setup.dexter.request(path(`/issues/${eventIssue}/events/export?format=csv`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="dexter-issue-\d+-events-.+\.csv"/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header?.slice(0, 3)).toEqual(['id', 'dateCreated', 'title']);
    const events = await setup.store.store.db
      .selectFrom('events')
      .select('event_id')
      .where('issue_id', '=', Number(eventIssue))
      .execute();
    expect(rows.map((r) => r[0]).sort()).toEqual(events.map((e) => e.event_id).sort());
    expect(new Set(rows.map((r) => r[6])).size).toBe(150);
  });

  it('exports them as a JSON array too', async () => {
    const res = await setup.dexter.request(path(`/issues/${eventIssue}/events/export?format=json`));
    const events = (await res.json()) as Array<{ id: string; userId: string; tags: Record<string, string> }>;
    expect(events).toHaveLength(150);
    expect(events[0]!.tags.environment).toBe('production');
  });

  it('answers 404 for an issue that does not exist', async () => {
    const res = await setup.dexter.request(path('/issues/987654321/events/export?format=json'));
    expect(res.status).toBe(404);
  });
});
