/**
 * Issue search as the store answers it: assignment, bookmarks, counts, relative dates, users,
 * tags and `has:`, the spec's sorts, and 400s that name what is wrong with a query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, seedIssue } from '../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const DAY = 86_400_000;
let server: StoreServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startStoreServer();
  const now = Date.now();
  ids.mine = await seedIssue(server, 'mine', {
    events: 3,
    at: now - 2 * DAY,
    user: { email: 'alice@example.test' },
  });
  await seedIssue(server, 'mine', { user: { email: 'alice@example.test' } });
  ids.team = await seedIssue(server, 'team');
  ids.old = await seedIssue(server, 'old', {
    events: 5,
    level: 'warning',
    tags: { flag: 'on' },
    at: now - 10 * DAY,
  });
  ids.bobs = await seedIssue(server, 'bobs', { events: 2 });
  const org = await server.store.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
  await server.store.db
    .insertInto('members')
    .values({
      organization_id: org.id,
      email: 'bob@example.test',
      name: 'Bob',
      username: 'bob',
      role: 'member',
      date_created: now,
    })
    .execute();
  const team = await server.store.db.selectFrom('teams').select('id').executeTakeFirstOrThrow();
  const put = (id: string, body: unknown) => apiCall(server, 'PUT', orgPath(server, `issues/${id}/`), body);
  await put(ids.mine, { assignedTo: 'admin@dexter.local', isBookmarked: true });
  await put(ids.team, { assignedTo: `team:${team.id}`, priority: 'high' });
  await put(ids.bobs, { assignedTo: 'bob' });
});
afterAll(() => server.close());

async function search(query: string, extra = ''): Promise<string[]> {
  const res = await apiCall<Array<{ id: string }>>(
    server,
    'GET',
    orgPath(server, `issues/?query=${encodeURIComponent(query)}${extra}`),
  );
  expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body.map((issue) => issue.id);
}
const names = (...keys: string[]) => keys.map((key) => ids[key]!).sort();
const sorted = async (query: string) => (await search(query)).sort();

describe('issue search filters', () => {
  it.each([
    ['assigned:me', ['mine']],
    ['assigned:#triage', ['team']],
    ['assigned:bob@example.test', ['bobs']],
    ['assigned:[me, #triage]', ['mine', 'team']],
    ['assigned:my_teams', ['team']],
    ['assigned:none', ['old']],
    ['is:unassigned', ['old']],
    ['is:assigned', ['bobs', 'mine', 'team']],
    ['!assigned:me is:assigned', ['bobs', 'team']],
    ['bookmarks:me', ['mine']],
    ['is:bookmarked', ['mine']],
    ['times_seen:>3', ['mine', 'old']],
    ['times_seen:>=5', ['old']],
    ['times_seen:<2', ['team']],
    ['age:+7d', ['old']],
    ['firstSeen:-24h', ['bobs', 'team']],
    ['lastSeen:+7d', ['old']],
    ['user.email:alice@example.test', ['mine']],
    ['has:flag', ['old']],
    ['!has:flag is:unresolved', ['bobs', 'mine', 'team']],
    ['flag:on', ['old']],
    ['flag:o*', ['old']],
    ['level:warning', ['old']],
    ['issue.priority:high', ['team']],
    ['error.type:Error bobs', ['bobs']],
  ])('%s', async (query, expected) => {
    expect(await sorted(query)).toEqual(names(...expected));
  });

  it('compares dates against ISO timestamps', async () => {
    const cutoff = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 19);
    expect(await sorted(`firstSeen:<${cutoff}`)).toEqual(names('old'));
  });
});

describe('issue list sorts', () => {
  it('orders by events, first seen, and the scored sorts, and refuses unknown ones', async () => {
    expect(await search('', '&sort=freq')).toEqual([ids.old, ids.mine, ids.bobs, ids.team]);
    expect(await search('', '&sort=new')).toEqual([ids.bobs, ids.team, ids.mine, ids.old]);
    expect((await search('', '&sort=trends')).slice(0, 1)).toEqual([ids.bobs]);
    expect(await search('', '&sort=recommended')).toHaveLength(4);
    expect(await search('', '&sort=inbox')).toHaveLength(4);
    const res = await apiCall<{ detail: string }>(server, 'GET', orgPath(server, 'issues/?sort=priority'));
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('date, new, freq, user, inbox, trends, recommended');
  });
});

describe('invalid queries', () => {
  it.each([
    ['times_seen:>many', 'Invalid number for "times_seen"'],
    ['firstSeen:-3x', 'Invalid date for "firstSeen"'],
    ['is:sleeping', 'Invalid value for "is" search parameter: sleeping'],
    ['a OR b', '"OR" or "AND"'],
  ])('answers 400 naming the problem for %s', async (query, message) => {
    const res = await apiCall<{ detail: string }>(
      server,
      'GET',
      orgPath(server, `issues/?query=${encodeURIComponent(query)}`),
    );
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(message);
  });
});
