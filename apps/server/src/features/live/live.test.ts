/**
 * The live socket's access rules: opening it needs a credential; each subscription is checked
 * when it is made, against the credential as it is then, so a signed-out session cannot go on
 * subscribing, and malformed topics are refused.
 */
import type { LiveServerMessage } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

async function open(client: TestClient) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const socket = new WebSocket(`${dexter.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
  const messages: Array<LiveServerMessage | { closed: number }> = [];
  const waiters: Array<() => void> = [];
  const push = (m: LiveServerMessage | { closed: number }) => {
    messages.push(m);
    waiters.shift()?.();
  };
  socket.on('message', (data) => push(JSON.parse(String(data)) as LiveServerMessage));
  socket.on('close', (code) => push({ closed: code }));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    async next() {
      if (messages.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
      return messages.shift()!;
    },
    send: (message: unknown) => socket.send(JSON.stringify(message)),
  };
}

describe('/api/v1/live', () => {
  it('accepts subscriptions from a signed-in viewer, and refuses malformed topics', async () => {
    const live = await open(await dexter.clientAs('viewer'));
    live.send({ type: 'subscribe', topic: 'org:dexter' });
    expect(await live.next()).toEqual({ type: 'subscribed', topic: 'org:dexter' });
    live.send({ type: 'subscribe', topic: 'issue:dexter/42' });
    expect(await live.next()).toEqual({ type: 'subscribed', topic: 'issue:dexter/42' });
    live.send({ type: 'subscribe', topic: 'everything' });
    expect(await live.next()).toMatchObject({ type: 'error', code: 'DEXTER_ERR_VALIDATION' });
    live.socket.close();
  });

  it('closes the socket on the next subscription once its session is signed out', async () => {
    const viewer = await dexter.clientAs('viewer');
    const live = await open(viewer);
    await viewer.request('/api/v1/auth/sign-out', { method: 'POST' });
    live.send({ type: 'subscribe', topic: 'org:dexter' });
    expect(await live.next()).toEqual({ closed: 4401 });
  });
});
