/**
 * Test-only: a WebSocket client of `/api/v1/live` that records every message, so tests wait for
 * what they expect (`waitFor`, bounded) instead of sleeping. `pause()` stops reading from the TCP
 * socket, which is how a slow client looks from the server.
 */
import { type LiveServerMessage, LiveServerMessageSchema } from '@dexter/contracts';
import WebSocket, { type ClientOptions } from 'ws';
import type { TestClient } from './test-client';

export type Received = LiveServerMessage | { type: 'closed'; code: number };

export interface LiveTestSocket {
  socket: WebSocket;
  messages: Received[];
  /** The next message not yet taken by `next`. */
  next(timeoutMs?: number): Promise<Received>;
  /** The first recorded message that matches, waiting for it up to `timeoutMs`. */
  waitFor<T extends Received>(match: (m: Received) => m is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (m: Received) => boolean, timeoutMs?: number): Promise<Received>;
  send(message: unknown): void;
  subscribe(topic: string, since?: { stream: string; seq: number }): Promise<void>;
  pause(): void;
  resume(): void;
  close(): void;
}

export async function openLiveSocket(
  baseUrl: string,
  client: TestClient,
  options: ClientOptions = {},
): Promise<LiveTestSocket> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/live`, {
    ...options,
    headers: { cookie },
  });
  const messages: Received[] = [];
  let taken = 0;
  const listeners = new Set<() => void>();
  const record = (message: Received) => {
    messages.push(message);
    for (const listener of listeners) listener();
  };
  socket.on('message', (data) => record(LiveServerMessageSchema.parse(JSON.parse(String(data)))));
  socket.on('close', (code) => record({ type: 'closed', code }));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });

  const waitUntil = <T>(find: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(-600)}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });

  const live: LiveTestSocket = {
    socket,
    messages,
    next: (timeoutMs = 5_000) =>
      waitUntil(() => (taken < messages.length ? messages[taken++] : undefined), timeoutMs, 'message'),
    waitFor: (match: (m: Received) => boolean, timeoutMs = 5_000) =>
      waitUntil(() => messages.find(match), timeoutMs, 'matching message'),
    send: (message) => socket.send(JSON.stringify(message)),
    async subscribe(topic, since) {
      live.send({ type: 'subscribe', topic, ...(since ? { since } : {}) });
      await live.waitFor((m) => m.type === 'subscribed' && m.topic === topic);
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.close(),
  } as LiveTestSocket;
  return live;
}
