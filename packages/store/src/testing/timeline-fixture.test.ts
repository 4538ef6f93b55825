/**
 * The benchmark fixture leaves what ingest would: the rollup equals the events' own counts, issue
 * counters match their events, the timeline and release list read it, a seeded event is served
 * like an ingested one, and a real event of a seeded issue's error joins that issue.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope } from './envelopes';
import { apiCall, orgPath } from './issue-seeding';
import { type StoreServer, startStoreServer } from './store-harness';
import { seedTimelineFixture, type TimelineFixture } from './timeline-fixture';

const NOW = Date.UTC(2026, 5, 1, 12, 30);
let server: StoreServer;
let fixture: TimelineFixture;

beforeAll(async () => {
  server = await startStoreServer({ now: () => NOW });
  fixture = await seedTimelineFixture(server, {
    events: 3000,
    releases: 6,
    environments: 3,
    issues: 40,
    days: 3,
    sessions: 500,
    now: NOW,
  });
});
afterAll(() => server.close());

describe('seedTimelineFixture', () => {
  it('writes the rollup the ingest writer would, per issue and per project', async () => {
    const { db } = server.store;
    const fromEvents = await sql<{ key: string }>`
      select issue_id || '/' || (timestamp - timestamp % 3600000) || '/' || json_extract(data, '$.release') || '/' ||
             json_extract(data, '$.environment') || '=' || count(*) as key
      from events
      group by issue_id, timestamp - timestamp % 3600000, json_extract(data, '$.release'), json_extract(data, '$.environment')`.execute(
      db,
    );
    const rollup = await sql<{ key: string }>`
      select issue_id || '/' || bucket || '/' || release || '/' || environment || '=' || events as key
      from event_rollup`.execute(db);
    expect(rollup.rows.map((r) => r.key).sort()).toEqual(fromEvents.rows.map((r) => r.key).sort());
    const totals = await sql<{ issue: number; project: number; news: number; issues: number }>`
      select (select sum(events) from event_rollup) as issue, (select sum(events) from event_rollup_project) as project,
             (select sum(new_issues) from event_rollup_project) as news, (select count(*) from issues) as issues`.execute(
      db,
    );
    expect(totals.rows[0]).toEqual({
      issue: 3000,
      project: 3000,
      news: totals.rows[0]!.issues,
      issues: totals.rows[0]!.issues,
    });
    const counters = await sql<{ n: number }>`
      select count(*) as n from issues i
      where times_seen <> (select count(*) from events e where e.issue_id = i.id)
         or first_seen <> (select min(timestamp) from events e where e.issue_id = i.id)`.execute(db);
    expect(counters.rows[0]?.n).toBe(0);
  });

  it('is read by the timeline, the release list and the event endpoints', async () => {
    const timeline = await apiCall<{ timeSeries: Array<{ values: Array<{ value: number }> }> }>(
      server,
      'GET',
      orgPath(
        server,
        'events-timeseries/?dataset=errors&statsPeriod=3d&topEvents=10&groupBy=release&sort=-count()',
      ),
    );
    expect(timeline.status).toBe(200);
    const total = timeline.body.timeSeries.flatMap((s) => s.values).reduce((n, v) => n + v.value, 0);
    expect(total).toBe(3000);
    expect(timeline.body.timeSeries).toHaveLength(fixture.releases.length);

    const releases = await apiCall<Array<{ version: string; deployCount: number; newGroups: number }>>(
      server,
      'GET',
      orgPath(server, 'releases/?health=1'),
    );
    expect(releases.body.map((r) => r.version)).toEqual([...fixture.releases].reverse());
    expect(releases.body.every((r) => r.deployCount === 3)).toBe(true);
    expect(releases.body.reduce((n, r) => n + r.newGroups, 0)).toBe(fixture.issueIds.length);

    const issue = fixture.issueIds[0]!;
    const latest = await apiCall<{ eventID: string; tags: Array<{ key: string; value: string }> }>(
      server,
      'GET',
      `/api/0/organizations/${server.org}/issues/${issue}/events/latest/`,
    );
    expect(latest.status).toBe(200);
    expect(latest.body.tags.find((t) => t.key === 'release')?.value).toMatch(/^app@1\.0\.\d$/);
  });

  it('groups a real event of a seeded issue’s error into that issue', async () => {
    const event = {
      event_id: 'a'.repeat(32),
      timestamp: NOW / 1000 - 60,
      platform: 'node',
      level: 'error',
      release: 'app@1.0.5',
      environment: 'production',
      exception: {
        values: [
          {
            type: 'TypeError',
            value: 'fixture failure 0',
            mechanism: { type: 'generic', handled: true },
            stacktrace: {
              frames: [{ filename: '/app/src/feature-0.js', function: 'handle0', lineno: 10, in_app: true }],
            },
          },
        ],
      },
    };
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
    expect(res.status).toBe(200);
    await server.store.drain();
    const row = await server.store.db
      .selectFrom('events')
      .select('issue_id')
      .where('event_id', '=', event.event_id)
      .executeTakeFirstOrThrow();
    expect(row.issue_id).toBe(fixture.issueIds[0]);
  });
});
