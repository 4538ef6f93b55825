/**
 * Hand-built envelopes with known session counts go through the real ingest route; the computed
 * release health must match what was sent, updates must count once with the worst status, and
 * bad session items must be dropped without failing the envelope's event.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type ReleaseHealthGroup, releaseHealth } from '../../api/sessions/release-health';
import { newEventId, postEnvelope, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;
const now = Date.now();
const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
const started = new Date(now - 60_000).toISOString();

function envelope(items: Array<[string, unknown]>, eventId = newEventId()): string {
  const lines = [JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() })];
  for (const [type, payload] of items) {
    lines.push(JSON.stringify({ type }), typeof payload === 'string' ? payload : JSON.stringify(payload));
  }
  return lines.join('\n');
}

function session(release: string, sid: string, did: string, status: string, init: boolean, errors = 0) {
  return { sid, did, init, status, errors, started, duration: 1, attrs: { release, environment: 'prod' } };
}

async function send(items: Array<[string, unknown]>) {
  const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelope(items));
  expect(res.status).toBe(200);
  return res;
}

async function health(release?: string): Promise<ReleaseHealthGroup[]> {
  const result = await releaseHealth(server.store.db, {
    org: server.org,
    since: hour - 2 * HOUR_MS,
    until: hour + HOUR_MS,
    interval: HOUR_MS,
    environment: 'prod',
    ...(release ? { release } : {}),
  });
  return result.groups;
}

beforeAll(async () => {
  server = await startStoreServer();
  // Release a@1: 10 sessions from 5 users; 2 crash (users u0, u1), 1 abnormal, 2 errored.
  const statuses = [
    'crashed',
    'crashed',
    'abnormal',
    'errored',
    'exited',
    'exited',
    'ok',
    'exited',
    'exited',
    'ok',
  ];
  for (const [i, status] of statuses.entries()) {
    const sid = randomUUID();
    const did = `u${i % 5}`;
    // Every session starts with init:true, ok; its end comes as an update.
    await send([['session', session('a@1', sid, did, 'ok', true)]]);
    await send([['session', session('a@1', sid, did, status, false, i === 8 ? 2 : 0)]]);
  }
  // An update repeated and a later "ok" must not undo a crash or count the session twice.
  const sid = randomUUID();
  await send([['session', session('b@2', sid, 'v1', 'ok', true)]]);
  await send([['session', session('b@2', sid, 'v1', 'crashed', false, 1)]]);
  await send([['session', session('b@2', sid, 'v1', 'crashed', false, 1)]]);
  // Aggregates, as @sentry/node's request sessions send them: 6 sessions, 1 crashed, 2 errored.
  await send([
    [
      'sessions',
      {
        aggregates: [{ started, exited: 3, errored: 2, crashed: 1 }],
        attrs: { release: 'b@2', environment: 'prod' },
      },
    ],
  ]);
}, 30_000);
afterAll(() => server.close());

describe('release health from session items', () => {
  it('computes crash-free sessions and users from the statuses sent', async () => {
    const [a] = await health('a@1');
    expect(a).toMatchObject({ release: 'a@1', environment: 'prod', sessions: 10, crashed: 2, abnormal: 1 });
    // errored counts every session that did not end cleanly: 2 crashed + 1 abnormal + 1 errored + 1 exited with errors.
    expect(a!.errored).toBe(5);
    expect(a!.crashFreeSessions).toBeCloseTo(0.8);
    expect(a).toMatchObject({ users: 5, crashedUsers: 2 });
    expect(a!.crashFreeUsers).toBeCloseTo(0.6);
  });

  it('counts a session once however many updates it gets, the worst status winning', async () => {
    const [b] = await health('b@2');
    expect(b).toMatchObject({ sessions: 7, crashed: 2, errored: 4, users: 1, crashedUsers: 1 });
    expect(b!.crashFreeSessions).toBeCloseTo(5 / 7);
  });

  it('gives adoption as each release’s share of the environment’s sessions, and a series per hour', async () => {
    const groups = await health();
    const byRelease = Object.fromEntries(groups.map((g) => [g.release, g]));
    expect(byRelease['a@1']!.adoption).toBeCloseTo(10 / 17);
    expect(byRelease['b@2']!.adoption).toBeCloseTo(7 / 17);
    const series = byRelease['a@1']!.series;
    expect(series).toHaveLength(3);
    const slot = Math.floor((Date.parse(started) - (hour - 2 * HOUR_MS)) / HOUR_MS);
    expect(series[slot]!.sessions).toBe(10);
    expect(series.reduce((sum, slot) => sum + slot.sessions, 0)).toBe(10);
  });

  it('drops bad session items and sessions without a release, and still stores the event', async () => {
    const before = server.store.queue.sessionStats().dropped;
    const event = testEvent({ type: 'SessionSideError' });
    const body = envelope(
      [
        ['event', event],
        ['session', '{not json'],
        ['session', { sid: randomUUID(), init: true, status: 'ok', started, attrs: { environment: 'prod' } }],
        ['session', { ...session('c@3', randomUUID(), 'w', 'bogus', true) }],
        ['session', { ...session('c@3', randomUUID(), 'w', 'ok', true), started: 'yesterday-ish' }],
        ['sessions', { aggregates: [{ started, exited: -1 }], attrs: { release: 'c@3' } }],
      ],
      event.event_id,
    );
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: event.event_id });
    expect(server.store.queue.sessionStats().dropped - before).toBe(5);
    expect(await health('c@3')).toEqual([]);
  });
});
