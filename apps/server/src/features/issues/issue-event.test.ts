/**
 * `GET /issues/{id}/events/{eventId}` over the built-in store: an event by id, `latest` and
 * `oldest`, each with its older and newer neighbours, so the issue page can link every event.
 */
import type { IssueEvent, IssueList } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let issueId: string;

beforeAll(async () => {
  dexter = await startTestDexter();
  const project = dexter.bootstrap!.projects[0]!;
  for (const value of ['first', 'second', 'third']) {
    const res = await postEnvelope(
      dexter.url,
      project.id,
      new URL(project.dsn).username,
      envelopeOf(testEvent({ fingerprint: ['walk'], type: 'WalkError', value })),
    );
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let list: IssueList | null = null;
  for (let i = 0; i < 50 && !list?.issues.some((issue) => issue.count >= 3); i++) {
    const res = await dexter.request('/api/v1/organizations/dexter/issues?query=');
    list = (await res.json()) as IssueList;
    if (!list.issues.some((issue) => issue.count >= 3))
      await new Promise((resolve) => setTimeout(resolve, 100));
  }
  issueId = list!.issues.find((issue) => issue.title.startsWith('WalkError'))!.id;
});
afterAll(() => dexter.close());

const get = async (eventId: string) =>
  dexter.request(`/api/v1/organizations/dexter/issues/${issueId}/events/${eventId}`);
const read = async (eventId: string) => {
  const res = await get(eventId);
  expect(res.status).toBe(200);
  return (await res.json()) as IssueEvent;
};

describe('GET /issues/{id}/events/{eventId}', () => {
  it('walks from the latest event to the oldest and back through the neighbours', async () => {
    const latest = await read('latest');
    expect(latest.nextEventId).toBeNull();
    expect(latest.event.exceptions[0]?.value).toBe('third');
    const middle = await read(latest.previousEventId!);
    expect(middle.event.exceptions[0]?.value).toBe('second');
    expect(middle.nextEventId).toBe(latest.event.id);
    const oldest = await read('oldest');
    expect(oldest.previousEventId).toBeNull();
    expect(oldest.nextEventId).toBe(middle.event.id);
    expect(middle.previousEventId).toBe(oldest.event.id);
  });

  it('answers 404 for an event the issue does not have and 400 for a malformed id', async () => {
    expect((await get('0'.repeat(32))).status).toBe(404);
    const bad = await get('..%2F..%2Fx');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('eventId');
  });
});
