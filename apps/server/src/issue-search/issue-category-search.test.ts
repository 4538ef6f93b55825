/**
 * `category:` search and the category on issues, through `GET /api/v1/…/issues` over the built-in
 * store with events sent as an SDK sends them: the classifier's category shows on each issue of
 * the list and the detail, `category:` filters (lists, negation, combined with upstream filters),
 * a misspelt category is a 400 naming the allowed values, and both upstream dialects leave the
 * term to Dexter (neither Sentry nor the store knows it).
 */
import type { ErrorEnvelope, IssueList } from '@dexter/contracts';
import { parseSearch } from '@dexter/search-syntax';
import { envelopeOf, postEnvelope, type TestEventOptions, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { planSearch } from './search-planner';
import { builtInStoreUpstream, sentryUpstream } from './search-upstream';

let dexter: TestDexter;

async function send(options: TestEventOptions) {
  const project = dexter.bootstrap!.projects[0]!;
  const res = await postEnvelope(
    dexter.url,
    project.id,
    new URL(project.dsn).username,
    envelopeOf(testEvent(options)),
  );
  expect(res.status).toBe(200);
}

async function list(query: string) {
  const res = await dexter.request(`/api/v1/organizations/dexter/issues?query=${encodeURIComponent(query)}`);
  return { status: res.status, body: (await res.json()) as IssueList & ErrorEnvelope };
}
const typesOf = (page: IssueList) => page.issues.map((issue) => issue.metadata.type).sort();

beforeAll(async () => {
  dexter = await startTestDexter();
  await send({ fingerprint: ['redis'], type: 'Error', value: 'connect ECONNREFUSED 127.0.0.1:6379' });
  await send({
    fingerprint: ['users'],
    type: 'DatabaseError',
    value: 'duplicate key value violates unique constraint "users_email_key"',
  });
  await send({
    fingerprint: ['cart'],
    type: 'TypeError',
    value: "Cannot read properties of undefined (reading 'total')",
    level: 'warning',
  });
});
afterAll(() => dexter.close());

describe('categories on issues', () => {
  it('gives every error issue of the list a category with a label and a confidence', async () => {
    const { body } = await list('');
    const byType = new Map(body.issues.map((issue) => [issue.metadata.type, issue.category]));
    expect(byType.get('Error')).toMatchObject({ id: 'network', label: 'Network' });
    expect(byType.get('DatabaseError')).toMatchObject({ id: 'database' });
    expect(byType.get('TypeError')).toMatchObject({ id: 'null_access', label: 'Null/undefined access' });
    for (const category of byType.values()) {
      expect(category?.confidence).toBeGreaterThan(0);
      expect(category?.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('shows the same category on the issue detail', async () => {
    const { body } = await list('category:database');
    const id = body.issues[0]?.id;
    const res = await dexter.request(`/api/v1/organizations/dexter/issues/${id}`);
    const detail = (await res.json()) as { issue: IssueList['issues'][number] };
    expect(detail.issue.category).toEqual(body.issues[0]?.category);
  });
});

describe('category: search', () => {
  it('filters by one category, a list of them, or all but one', async () => {
    expect(typesOf((await list('category:database')).body)).toEqual(['DatabaseError']);
    expect(typesOf((await list('category:[network, null_access]')).body)).toEqual(['Error', 'TypeError']);
    expect(typesOf((await list('!category:database')).body)).toEqual(['Error', 'TypeError']);
  });

  it('combines with filters the store runs, and with OR across fields', async () => {
    expect(typesOf((await list('category:null_access level:warning')).body)).toEqual(['TypeError']);
    expect(typesOf((await list('category:network level:warning')).body)).toEqual([]);
    expect(typesOf((await list('category:database OR level:warning')).body)).toEqual([
      'DatabaseError',
      'TypeError',
    ]);
  });

  it('refuses an unknown category with a 400 that names the allowed values', async () => {
    const { status, body } = await list('category:databse');
    expect(status).toBe(400);
    expect(body.error.code).toBe('DEXTER_ERR_VALIDATION');
    expect(body.error.message).toContain('one of network, database, timeout');
  });

  it('is evaluated by Dexter in both modes: neither upstream is sent the term', () => {
    const parsed = parseSearch('category:timeout level:error');
    if (!parsed.ok) throw new Error(parsed.error.message);
    for (const upstream of [sentryUpstream, builtInStoreUpstream]) {
      const planned = planSearch(parsed.ast, { upstream });
      if (!planned.ok) throw new Error(planned.error.message);
      expect(planned.plan.branches[0]?.upstreamQuery).toBe('level:error');
      expect(planned.plan.needsFrames).toBe(false);
    }
  });
});
