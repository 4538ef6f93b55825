/**
 * Replays through `/api/v1` in standalone mode: a replay (two segments in the JavaScript SDK's
 * envelope shape, zlib) and an error naming it by `tags.replayId` reach the built-in store; Dexter
 * lists the project's replays and the issue's, and answers the player's data: every rrweb event
 * of both segments in order, and the error with its issue and time. Bad ids are 400s.
 */
import { deflateSync } from 'node:zlib';
import type { ErrorEnvelope, ReplayDetail, ReplayList } from '@dexter/contracts';
import { postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let viewer: TestClient;
let project: { id: string; dsn: string };
const replayId = `${'b'.repeat(31)}1`;
const t0 = Date.now() - 30_000;
const segmentEvents = (n: number) => [
  { type: 4, timestamp: t0 + n * 5000, data: { href: 'http://shop.test/', width: 800, height: 600 } },
  {
    type: 5,
    timestamp: t0 + n * 5000 + 10,
    data: {
      tag: 'breadcrumb',
      payload: { category: 'ui.click', message: `button#b${n}`, timestamp: (t0 + n * 5000 + 10) / 1000 },
    },
  },
];

function replayEnvelope(segmentId: number): Buffer {
  const event = {
    type: 'replay_event',
    replay_id: replayId,
    segment_id: segmentId,
    replay_type: 'session',
    replay_start_timestamp: t0 / 1000,
    timestamp: (t0 + segmentId * 5000 + 20) / 1000,
    urls: ['http://shop.test/'],
    platform: 'javascript',
  };
  const recording = Buffer.concat([
    Buffer.from(`${JSON.stringify({ segment_id: segmentId })}\n`),
    deflateSync(JSON.stringify(segmentEvents(segmentId))),
  ]);
  return Buffer.concat([
    Buffer.from(
      `${JSON.stringify({ event_id: replayId })}\n${JSON.stringify({ type: 'replay_event' })}\n${JSON.stringify(event)}\n`,
    ),
    Buffer.from(`${JSON.stringify({ type: 'replay_recording', length: recording.length })}\n`),
    recording,
  ]);
}

const send = (body: Buffer | string) =>
  postEnvelope(dexter.url, project.id, new URL(project.dsn).username, body);

const get = async <T>(path: string) => {
  const res = await viewer.request(`/api/v1/organizations/${dexter.bootstrap!.org}/${path}`);
  return { status: res.status, body: (await res.json()) as T & ErrorEnvelope };
};

let error: ReturnType<typeof testEvent>;

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer', 'vic');
  project = await dexter.store!.admin.ensureProject(dexter.bootstrap!.org, 'shop', dexter.url);
  expect((await send(replayEnvelope(0))).status).toBe(200);
  expect((await send(replayEnvelope(1))).status).toBe(200);
  error = testEvent({ type: 'CartError', value: 'cart is gone', tags: { replayId }, at: t0 + 7000 });
  const envelope = [
    JSON.stringify({ event_id: error.event_id }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(error),
  ];
  expect((await send(envelope.join('\n'))).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await dexter?.close();
});

describe('replays through /api/v1', () => {
  it("lists a project's replays and an issue's", async () => {
    const list = await get<ReplayList>(`replays?project=${project.id}`);
    expect(list.status).toBe(200);
    expect(list.body.replays).toHaveLength(1);
    expect(list.body.replays[0]).toMatchObject({
      id: replayId,
      projectId: project.id,
      countSegments: 2,
      countErrors: 1,
      errorIds: [error.event_id],
      durationSeconds: 5,
    });
    const issues = await viewer.request(
      `/api/v1/organizations/${dexter.bootstrap!.org}/issues?query=CartError`,
    );
    const issueId = ((await issues.json()) as { issues: Array<{ id: string }> }).issues[0]!.id;
    const byIssue = await get<ReplayList>(`replays?issueId=${issueId}`);
    expect(byIssue.body.replays.map((replay) => replay.id)).toEqual([replayId]);
    const none = await get<ReplayList>('replays?issueId=999999');
    expect(none.body.replays).toEqual([]);
  });

  it('answers the player its rrweb events and the error on its timeline', async () => {
    const detail = await get<ReplayDetail>(`replays/${replayId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.events).toEqual([...segmentEvents(0), ...segmentEvents(1)]);
    expect(detail.body.truncated).toBe(false);
    expect(detail.body.errors).toHaveLength(1);
    expect(detail.body.errors[0]).toMatchObject({
      eventId: error.event_id,
      title: 'CartError: cart is gone',
    });
    expect(detail.body.errors[0]!.issueId).toMatch(/^\d+$/);
    // To the millisecond: the event's own time, not Discover's whole second.
    expect(detail.body.errors[0]!.timestamp).toBe(t0 + 7000);
  });

  it('answers 400 for a bad replay id and 404 for an unknown one', async () => {
    const bad = await get<ReplayDetail>('replays/nope');
    expect(bad.status).toBe(400);
    const unknown = await get<ReplayDetail>(`replays/${'c'.repeat(32)}`);
    expect(unknown.status).toBe(404);
  });
});
