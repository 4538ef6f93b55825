/**
 * The gateway bench's fixtures, in their own process so that their CPU never mixes with Dexter's
 * or the load client's: the built-in store standing in for Sentry (seeded with one issue per bug,
 * across two projects), the timing proxy in front of it that Dexter calls, and a bare Fastify
 * route that serves whatever bytes the bench hands it. Started by `fixtures.ts` with `fork`;
 * speaks `fixtures-protocol.ts` and exits after `stop` or when its parent goes away.
 */

import {
  envelopeOf,
  postEnvelope,
  type StoreServer,
  secondProject,
  startStoreServer,
  testEvent,
} from '@dexter/store/testing';
import Fastify from 'fastify';
import type { FixturesCommand, FixturesInfo, FixturesMessage } from './fixtures-protocol';
import { startTimingProxy } from './timing-proxy';

const SEED_PARALLEL = 50;

function send(message: FixturesMessage): void {
  process.send?.(message);
}

/** One issue per bug: bug i gets its own fingerprint, title and function; every fifth lives in a second project. */
async function seedBugs(
  store: StoreServer,
  count: number,
): Promise<{ issueIds: string[]; projectIds: string[] }> {
  const other = await secondProject(store, 'checkout');
  const eventIds: string[] = [];
  for (let start = 0; start < count; start += SEED_PARALLEL) {
    const batch = Array.from({ length: Math.min(SEED_PARALLEL, count - start) }, (_, k) => start + k);
    const results = await Promise.all(
      batch.map((i) => {
        const event = testEvent({
          fingerprint: [`bench-bug-${i}`],
          type: i % 3 === 0 ? 'TypeError' : 'Error',
          value: `bench bug ${i}: cannot read properties of undefined (reading 'id')`,
          functionName: `handleRoute${i}`,
          userId: `user-${i % 37}`,
          tags: { route: `/api/orders/${i % 11}`, region: i % 2 === 0 ? 'eu' : 'us' },
        });
        eventIds[i] = event.event_id;
        const project = i % 5 === 4 ? other : { id: store.projectId, publicKey: store.publicKey };
        return postEnvelope(store.url, project.id, project.publicKey, envelopeOf(event));
      }),
    );
    for (const res of results) if (res.status !== 200) throw new Error(`seeding answered ${res.status}`);
  }
  const issueOf = new Map<string, string>();
  for (let start = 0; start < eventIds.length; start += 500) {
    const rows = await store.store.db
      .selectFrom('events')
      .select(['event_id', 'issue_id'])
      .where('event_id', 'in', eventIds.slice(start, start + 500))
      .execute();
    for (const row of rows) issueOf.set(row.event_id, String(row.issue_id));
  }
  const issueIds = eventIds.map((eventId, i) => {
    const issueId = issueOf.get(eventId);
    if (!issueId) throw new Error(`bug ${i} has no issue`);
    return issueId;
  });
  return { issueIds, projectIds: [store.projectId, other.id] };
}

async function main(): Promise<void> {
  const bugs = Number(process.argv[2]);
  if (!Number.isInteger(bugs) || bugs < 1) throw new Error(`bad bug count ${process.argv[2]}`);
  const seedStarted = performance.now();
  const store = await startStoreServer();
  const { issueIds, projectIds } = await seedBugs(store, bugs);
  const seedMs = performance.now() - seedStarted;
  const proxy = await startTimingProxy(store.url);

  // The bare route: no schema, no hooks, no plugins; the same path, the bytes it was handed.
  let bareBody = Buffer.from('{}');
  const bare = Fastify({ logger: false });
  bare.get('/api/v1/organizations/:org/issues', (_request, reply) => {
    reply.type('application/json; charset=utf-8').send(bareBody);
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bare.close();
    await proxy.close();
    await store.close();
  };
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  process.on('message', (raw: FixturesCommand) => {
    const reply = (value: unknown) => send({ type: 'reply', id: raw.id, value });
    switch (raw.type) {
      case 'set-latency':
        proxy.setLatency(raw.ms);
        return reply(null);
      case 'forwarded':
        return reply(proxy.forwarded());
      case 'take-records':
        return reply(proxy.takeRecords());
      case 'serve-bare':
        bareBody = Buffer.from(raw.bodyBase64, 'base64');
        return reply(bareBody.length);
      case 'stop':
        // The parent waits for the exit, not for a reply.
        return void stop().finally(() => process.exit(0));
    }
  });

  const info: FixturesInfo = {
    storeUrl: store.url,
    proxyUrl: proxy.url,
    bareUrl,
    org: store.org,
    token: store.token,
    projectIds,
    issueIds,
    seedMs,
  };
  send({ type: 'ready', info });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
