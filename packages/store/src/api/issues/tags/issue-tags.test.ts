/**
 * Tag routes of an issue: every key with its top values, one key, and all values of a key paged
 * with Sentry's `Link` header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, seedIssue } from '../../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../../testing/store-harness';

interface TagValue {
  key: string;
  name: string;
  value: string;
  count: number;
  query?: string;
}
interface TagKey {
  key: string;
  name: string;
  totalValues: number;
  uniqueValues: number;
  topValues: TagValue[];
}

const LINK = /<([^>]+)>; rel="(previous|next)"; results="(true|false)"; cursor="([^"]+)"/g;
const nextCursor = (header: string | null) =>
  [...(header ?? '').matchAll(LINK)].find((m) => m[2] === 'next' && m[3] === 'true')?.[4] ?? null;

let server: StoreServer;
let issueId: string;

beforeAll(async () => {
  server = await startStoreServer();
  // 12 shards: shard-0 seen 3 times, shard-1 twice, the rest once; two users.
  const shards = [
    'shard-0',
    'shard-0',
    'shard-0',
    'shard-1',
    'shard-1',
    ...Array.from({ length: 10 }, (_, i) => `shard-${i + 2}`),
  ];
  const start = Date.now() - shards.length * 1000;
  for (const [i, shard] of shards.entries()) {
    issueId = await seedIssue(server, 'tagged', {
      tags: { shard },
      users: [i % 2 ? 'u1' : 'u2'],
      at: start + i * 1000,
    });
  }
});
afterAll(() => server.close());

const tags = (rest = '') => orgPath(server, `issues/${issueId}/tags/${rest}`);

describe('GET tags/', () => {
  it('lists every key with totals, Sentry labels and at most 10 top values by count', async () => {
    const res = await apiCall<TagKey[]>(server, 'GET', tags());
    const shard = res.body.find((t) => t.key === 'shard')!;
    expect(shard).toMatchObject({ name: 'Shard', totalValues: 15, uniqueValues: 12 });
    expect(shard.topValues).toHaveLength(10);
    expect(shard.topValues.slice(0, 2)).toMatchObject([
      { key: 'shard', value: 'shard-0', name: 'shard-0', count: 3 },
      { value: 'shard-1', count: 2 },
    ]);
    const user = res.body.find((t) => t.key === 'user')!;
    expect(user.name).toBe('User');
    expect(user.topValues[0]).toMatchObject({ value: 'id:u2', name: 'u2', query: 'user.id:"u2"' });
  });

  it('restricts to the keys asked for, with limit values each', async () => {
    const res = await apiCall<TagKey[]>(server, 'GET', tags('?key=shard&key=level&limit=2'));
    expect(res.body.map((t) => t.key)).toEqual(['level', 'shard']);
    expect(res.body.every((t) => t.topValues.length <= 2)).toBe(true);
  });
});

describe('GET tags/{key}/ and values/', () => {
  it('answers one key with its top 9 values, and 404 for a key the issue never had', async () => {
    const res = await apiCall<TagKey>(server, 'GET', tags('shard/'));
    expect(res.body).toMatchObject({ key: 'shard', totalValues: 15, uniqueValues: 12 });
    expect(res.body.topValues).toHaveLength(9);
    expect((await apiCall(server, 'GET', tags('nope/'))).status).toBe(404);
  });

  it('pages through all values with the Link header', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res: { body: TagValue[]; headers: Headers } = await apiCall<TagValue[]>(
        server,
        'GET',
        tags(`shard/values/?per_page=5${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...res.body.map((v) => v.value));
      cursor = nextCursor(res.headers.get('link'));
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(seen[0]).toBe('shard-0');
  });

  it('sorts values by date or age, and refuses an unknown sort', async () => {
    const byDate = await apiCall<TagValue[]>(server, 'GET', tags('shard/values/?sort=-date'));
    expect(byDate.body[0]!.value).toBe('shard-11');
    expect((await apiCall(server, 'GET', tags('shard/values/?sort=size'))).status).toBe(400);
  });
});
