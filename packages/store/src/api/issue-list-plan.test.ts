/**
 * The issue stream's usual shapes (`is:unresolved` by last or first event) are answered from
 * indexes alone: the `X-Hits` count and the page's ids never read issue rows, so a page costs the
 * same over 100,000 issues as over 100. Asserted on SQLite's query plan, not on timings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openStoreDatabase } from '../db/database';
import { type IssueSelection, pageIdsQuery, selectIssues } from './issue-list';

let dir: string;
let store: OpenedDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'store-list-plan-'));
  store = await openStoreDatabase(dir);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const selection: IssueSelection = {
  organizationId: 1,
  query: undefined,
  projectIds: [],
  environments: [],
  groupIds: [],
  memberId: null,
};
const ctx = () => ({ db: store.db, now: () => Date.UTC(2026, 0, 1) });

function planOf(query: { sql: string; parameters: readonly unknown[] }): string {
  const rows = store.sqlite.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as Array<{
    detail: string;
  }>;
  return rows.map((row) => row.detail).join('\n');
}

describe('the issue list over its indexes', () => {
  it('counts unresolved issues of an organization without reading issue rows', async () => {
    const count = selectIssues(ctx(), selection)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .compile();
    expect(planOf(count)).toMatch(/SEARCH issues USING COVERING INDEX issues_project_status_\w+/);
  });

  it.each([
    ['date', 'issues_project_status_last_seen'],
    ['new', 'issues_project_status_first_seen'],
  ])('finds a page of ids sorted by %s through %s alone, at any offset', async (sort, index) => {
    const page = pageIdsQuery(ctx(), { ...selection, sort, limit: 50, offset: 50_000 }).compile();
    expect(planOf(page)).toContain(`SEARCH issues USING COVERING INDEX ${index}`);
  });
});
