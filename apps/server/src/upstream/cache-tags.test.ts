import { describe, expect, it } from 'vitest';
import { cacheTags, TAG_KIND_NAMES, tagKind } from './cache-tags';

describe('cache tags', () => {
  it('spell each kind as the cache store has always keyed it', () => {
    expect([
      cacheTags.organizations,
      cacheTags.projects,
      cacheTags.members,
      cacheTags.teams,
      cacheTags.issues,
      cacheTags.issueDetails,
      cacheTags.issueStats,
      cacheTags.issue(42),
      cacheTags.issueState('42'),
      cacheTags.issueEvents(42),
      cacheTags.issuesStatus('resolved'),
      cacheTags.issuesStatus('other'),
    ]).toEqual([
      'organizations',
      'projects',
      'members',
      'teams',
      'issues',
      'issue-details',
      'issue-stats',
      'issue:42',
      'issue-state:42',
      'issue-events:42',
      'issues-status:resolved',
      'issues-status:other',
    ]);
  });

  it('make the same tag of an id given as a number or as text', () => {
    expect(cacheTags.issue(7)).toBe(cacheTags.issue('7'));
  });

  it('resolve the kinds the operation table names, and no other', () => {
    expect(tagKind('issue-details')).toEqual({ kind: 'issue-details', tag: cacheTags.issueDetails });
    const perIssue = tagKind('issue-events');
    expect(perIssue && 'ofIssue' in perIssue && perIssue.ofIssue(9)).toBe(cacheTags.issueEvents(9));
    expect(tagKind('issues-status')).toBeNull();
    expect(tagKind('similarity')).toBeNull();
    expect(tagKind('toString')).toBeNull();
    expect(TAG_KIND_NAMES).toContain('issue:{…}');
  });
});
