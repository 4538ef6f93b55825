/**
 * The real `@sentry/node` SDK, in a child process, sends handled errors, a gzipped one above
 * 32 KiB and an uncaught exception; the store keeps all of them and groups them like Sentry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSdkSender } from '../testing/run-sdk-sender';
import { type StoreServer, startStoreServer } from '../testing/store-harness';

interface ApiIssue {
  id: string;
  title: string;
  count: string;
  userCount: number;
  isUnhandled: boolean;
  metadata: { type?: string };
}

let server: StoreServer;
let issues: ApiIssue[];
let acked: string[];

beforeAll(async () => {
  server = await startStoreServer();
  const run = await runSdkSender(server.dsn, 'mixed');
  // The uncaught exception ends the child with a non-zero code after the SDK reported it.
  expect(run.code, run.stderr).not.toBe(0);
  acked = run.stdout.match(/ACK [0-9a-f]{32}/g)?.map((line) => line.slice(4)) ?? [];
  await server.store.drain();
  const res = await server.api(`/api/0/organizations/${server.org}/issues/?query=`);
  issues = (await res.json()) as ApiIssue[];
}, 60_000);
afterAll(() => server.close());

const byType = (type: string) => issues.filter((issue) => issue.metadata.type === type);

describe('ingest from @sentry/node', () => {
  it('stores every event the SDK sent, the uncaught one included', async () => {
    expect(acked.length).toBeGreaterThanOrEqual(5);
    for (const eventId of acked) {
      const found = await Promise.all(
        issues.map((issue) =>
          server.api(`/api/0/organizations/${server.org}/issues/${issue.id}/events/${eventId}/`),
        ),
      );
      expect(
        found.some((res) => res.status === 200),
        `event ${eventId}`,
      ).toBe(true);
    }
  });

  it('groups the same error through the same stack into one issue, counting events and users', () => {
    expect(byType('InventoryError')).toHaveLength(1);
    expect(byType('InventoryError')[0]).toMatchObject({ count: '3', userCount: 2 });
  });

  it('keeps different errors apart', () => {
    expect(byType('SyntaxError')).toHaveLength(1);
    expect(byType('RangeError')).toHaveLength(1);
    expect(issues).toHaveLength(4);
  });

  it('accepts the gzipped body the SDK sends above 32 KiB', () => {
    expect(server.encodings).toContain('gzip');
    expect(byType('RangeError')[0]).toMatchObject({ count: '1' });
  });

  it('marks the uncaught exception as unhandled', () => {
    const [crash] = byType('TypeError');
    expect(crash).toMatchObject({ isUnhandled: true, count: '1' });
    expect(byType('InventoryError')[0]!.isUnhandled).toBe(false);
  });
});
