/**
 * A change made through Dexter reaches every live subscriber at once, without waiting for a
 * webhook or the poller: here a viewer's socket hears of a resolve an admin made over HTTP.
 */
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openLiveSocket } from '../../testing/live-test-socket';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

it('publishes a change made through Dexter to the org topic', async () => {
  const { org, projects } = dexter.bootstrap!;
  const project = projects[0]!;
  const key = new URL(project.dsn).username;
  const sent = await postEnvelope(dexter.url, String(project.id), key, envelopeOf(testEvent()));
  expect(sent.status).toBe(200);
  const list = await dexter.request(`/api/v1/organizations/${org}/issues?query=`);
  const [issue] = ((await list.json()) as { issues: Array<{ id: string }> }).issues;
  expect(issue).toBeDefined();

  const live = await openLiveSocket(dexter.url, await dexter.clientAs('viewer'));
  await live.subscribe(`org:${org}`);
  const put = await dexter.request(`/api/v1/organizations/${org}/issues/${issue!.id}`, {
    method: 'PUT',
    body: JSON.stringify({ status: 'resolved' }),
  });
  expect(put.status).toBe(200);
  expect(
    await live.waitFor((m) => m.type === 'issue.updated' && m.issueId === issue!.id, 5_000),
  ).toMatchObject({ type: 'issue.updated', org, status: 'resolved', action: 'resolved' });
  live.close();
});
