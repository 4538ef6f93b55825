import { describe, expect, it } from 'vitest';
import issueDetail from '../test-fixtures/issue.json';
import issueList from '../test-fixtures/issue-list.json';
import { IssueBulkUpdateResultSchema, IssueListItemSchema, IssueSchema } from './issue';

describe('IssueSchema', () => {
  it("parses Sentry's documented list example", () => {
    const [issue] = IssueSchema.array().parse(issueList);
    expect(issue).toMatchObject({
      id: '1',
      shortId: 'PUMP-STATION-1',
      count: '150',
      userCount: 0,
      status: 'ignored',
      substatus: 'archived_until_condition_met',
      project: { id: '2', slug: 'pump-station', name: 'Pump Station' },
      assignedTo: { type: 'user', id: '1', name: 'John Doe' },
    });
    expect(issue?.stats?.['24h']?.[0]).toEqual([1541455200, 473]);
  });

  it("parses Sentry's documented detail example and keeps detail-only fields", () => {
    const issue = IssueSchema.parse(issueDetail);
    expect(issue.id).toBe(String(issueDetail.id));
    expect(issue).toHaveProperty('activity');
    expect(issue).toHaveProperty('participants');
  });

  it('reads numeric ids and counts as strings', () => {
    const issue = IssueSchema.parse({ id: 42, count: 7, project: { id: 3 } });
    expect(issue).toMatchObject({ id: '42', count: '7', project: { id: '3' } });
  });

  it('accepts an issue with nothing but an id', () => {
    expect(IssueSchema.parse({ id: '1' })).toEqual({ id: '1' });
  });

  it('accepts explicit nulls where Sentry sends them', () => {
    const issue = IssueSchema.parse({ id: '1', assignedTo: null, firstSeen: null, statusDetails: {} });
    expect(issue).toMatchObject({ assignedTo: null, firstSeen: null, statusDetails: {} });
  });

  it('refuses an issue without an id, which Dexter could not address', () => {
    expect(IssueSchema.safeParse({ title: 'orphan' }).success).toBe(false);
  });

  it('refuses a wrongly typed declared field rather than guessing', () => {
    expect(IssueSchema.safeParse({ id: '1', userCount: 'many' }).success).toBe(false);
  });

  it('drops odd stats instead of failing the whole issue', () => {
    for (const stats of [
      { '24h': 'n/a' },
      { '24h': [[1, 2, 3]] },
      { '24h': [[1, '2']] },
      [[1, 2]],
      'x',
      null,
    ]) {
      expect(IssueSchema.parse({ id: '1', stats }).stats).toBeNull();
    }
    expect(IssueSchema.parse({ id: '1' })).not.toHaveProperty('stats');
    const series = {
      '24h': [
        [1, 2],
        [3, 4],
      ],
      '14d': [],
    };
    expect(IssueSchema.parse({ id: '1', stats: series }).stats).toEqual(series);
  });
});

describe('IssueListItemSchema', () => {
  it('reads the fields of the detail shape and drops undeclared keys', () => {
    const [item] = IssueListItemSchema.array().parse(issueList);
    const [detail] = IssueSchema.array().parse(issueList);
    expect(item).toEqual(
      Object.fromEntries(Object.entries(detail!).filter(([key]) => key in IssueListItemSchema.shape)),
    );
    expect(Object.keys(issueList[0]!).some((key) => !(key in item!))).toBe(true);
  });

  it('refuses what the detail shape refuses', () => {
    expect(IssueListItemSchema.safeParse({ title: 'orphan' }).success).toBe(false);
    expect(IssueListItemSchema.safeParse({ id: '1', userCount: 'many' }).success).toBe(false);
  });
});

describe('IssueBulkUpdateResultSchema', () => {
  it('reads a merge result with numeric child ids as strings', () => {
    expect(IssueBulkUpdateResultSchema.parse({ merge: { parent: 10, children: [11, '12'] } })).toEqual({
      merge: { parent: '10', children: ['11', '12'] },
    });
  });
});
