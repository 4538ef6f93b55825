import { describe, expect, it } from 'vitest';
import { IssueBulkUpdateResultSchema, IssueListItemSchema, IssueSchema } from './issue';

describe('IssueSchema', () => {
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
  it('keeps the declared fields and drops undeclared ones, which a list page need not copy', () => {
    expect(IssueListItemSchema.parse({ id: 1, title: 'Boom', activity: [], participants: [] })).toEqual({
      id: '1',
      title: 'Boom',
    });
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
