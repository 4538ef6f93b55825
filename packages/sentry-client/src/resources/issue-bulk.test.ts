import { BULK_MUTATION_LIMIT } from '@dexter/sentry-wire';
import { describe, expect, it } from 'vitest';
import bulkResult from '../test-fixtures/issue-bulk-update.json';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { NO_FALLBACK_QUERY } from './issue-bulk';
import { issuesResource } from './issues';

describe('issues.bulkUpdate', () => {
  it('sends ids as repeated id parameters and parses the documented result', async () => {
    const fake = fakeTransport({ body: bulkResult });
    const result = await issuesResource(fake.transport).bulkUpdate(
      'acme',
      { ids: [1, '2'], project: [5] },
      { status: 'ignored', statusDetails: { ignoreCount: 10 } },
    );
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.bulkUpdate',
      method: 'PUT',
      path: '/api/0/organizations/acme/issues/',
      body: { status: 'ignored', statusDetails: { ignoreCount: 10 } },
    });
    expect(queryOf(fake.requests[0])).toBe(`id=1&id=2&project=5&query=${NO_FALLBACK_QUERY}`);
    expect(result).toMatchObject({
      status: 'ignored',
      assignedTo: { type: 'user', id: '1' },
      merge: { parent: '10', children: ['11', '12', '13'] },
    });
  });

  it('always sends a query that matches nothing, so Sentry’s "no id matched" fallback is a no-op', async () => {
    const fake = fakeTransport({ status: 204, body: null });
    await issuesResource(fake.transport).bulkUpdate('acme', { ids: [7] }, { status: 'resolved' });
    expect(new URLSearchParams(queryOf(fake.requests[0])).get('query')).toBe(NO_FALLBACK_QUERY);
  });

  it('returns null when Sentry answers 204 because no issue matched', async () => {
    const fake = fakeTransport({ status: 204, body: null });
    expect(
      await issuesResource(fake.transport).bulkUpdate('acme', { ids: [1] }, { hasSeen: true }),
    ).toBeNull();
  });

  it('refuses an empty id list, which Sentry would read as "every matching issue"', async () => {
    const fake = fakeTransport();
    await expect(
      issuesResource(fake.transport).bulkUpdate('acme', { ids: [] }, { status: 'resolved' }),
    ).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses more ids than Sentry's bulk limit", async () => {
    const ids = Array.from({ length: BULK_MUTATION_LIMIT + 1 }, (_, i) => i);
    const fake = fakeTransport();
    await expect(
      issuesResource(fake.transport).bulkUpdate('acme', { ids }, { status: 'resolved' }),
    ).rejects.toThrow(RangeError);
  });
});

describe('issues.bulkUpdateByQuery', () => {
  it('sends the query and filters without ids, and only a status change', async () => {
    const fake = fakeTransport({ body: { status: 'resolved', statusDetails: {} } });
    const result = await issuesResource(fake.transport).bulkUpdateByQuery(
      'acme',
      { query: 'is:unresolved level:warning', project: [3], environment: ['prod'], sort: 'date' },
      { status: 'resolved' },
    );
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.bulkUpdate',
      method: 'PUT',
      body: { status: 'resolved' },
    });
    expect(queryOf(fake.requests[0])).toBe(
      'query=is:unresolved+level:warning&project=3&environment=prod&sort=date',
    );
    expect(result).toEqual({ status: 'resolved', statusDetails: {} });
  });
});

describe('issues.bulkDelete', () => {
  it('DELETEs the ids and resolves on 204', async () => {
    const fake = fakeTransport({ status: 204, body: null });
    await issuesResource(fake.transport).bulkDelete('acme', { ids: [4, 5], project: [1] });
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.bulkDelete',
      method: 'DELETE',
      path: '/api/0/organizations/acme/issues/',
    });
    expect(queryOf(fake.requests[0])).toBe('id=4&id=5&project=1');
  });

  it('refuses no ids (Sentry would delete by query) and more than 1,000', async () => {
    const fake = fakeTransport();
    const issues = issuesResource(fake.transport);
    await expect(issues.bulkDelete('acme', { ids: [] })).rejects.toThrow(RangeError);
    await expect(
      issues.bulkDelete('acme', { ids: Array.from({ length: 1001 }, (_, i) => i) }),
    ).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});
