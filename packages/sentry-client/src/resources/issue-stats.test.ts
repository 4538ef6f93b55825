import { MAX_ISSUE_STATS_GROUPS } from '@dexter/sentry-wire';
import { describe, expect, it } from 'vitest';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { issuesResource } from './issues';

describe('issues.stats', () => {
  it('asks for the groups as repeated parameters and reads counts and series', async () => {
    const fake = fakeTransport({
      body: [
        {
          id: 7,
          count: 12,
          userCount: 3,
          firstSeen: '2026-03-01T00:00:00Z',
          lastSeen: '2026-03-10T00:00:00Z',
          stats: {
            '14d': [
              [1772668800, 4],
              [1772755200, 8],
            ],
          },
          lifetime: { count: '12', userCount: 3 },
          filtered: null,
        },
      ],
    });
    const stats = await issuesResource(fake.transport).stats('acme', {
      groups: [7, '8'],
      groupStatsPeriod: '14d',
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.stats',
      method: 'GET',
      path: '/api/0/organizations/acme/issues-stats/',
    });
    expect(queryOf(fake.requests[0])).toBe('groups=7&groups=8&groupStatsPeriod=14d');
    expect(stats[0]).toMatchObject({
      id: '7',
      count: '12',
      stats: {
        '14d': [
          [1772668800, 4],
          [1772755200, 8],
        ],
      },
    });
  });

  it(`refuses more than ${MAX_ISSUE_STATS_GROUPS} issues, which Sentry answers with a 400`, async () => {
    const fake = fakeTransport();
    const groups = Array.from({ length: MAX_ISSUE_STATS_GROUPS + 1 }, (_, i) => i + 1);
    await expect(issuesResource(fake.transport).stats('acme', { groups })).rejects.toThrow(RangeError);
    await expect(issuesResource(fake.transport).stats('acme', { groups: [] })).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});
