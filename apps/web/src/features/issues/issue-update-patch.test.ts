import { describe, expect, it } from 'vitest';
import { describeIssueUpdate, optimisticIssuePatch } from './issue-update-patch';

describe('optimisticIssuePatch', () => {
  it('shows resolve-in-next-release as resolved', () => {
    expect(optimisticIssuePatch({ status: 'resolvedInNextRelease' })).toEqual({ status: 'resolved' });
  });

  it('shows the picked assignee, and null when unassigning', () => {
    const assignee = { type: 'team' as const, id: '4', name: 'backend', email: null };
    expect(optimisticIssuePatch({ assignedTo: 'team:4' }, assignee)).toEqual({ assignedTo: assignee });
    expect(optimisticIssuePatch({ assignedTo: null })).toEqual({ assignedTo: null });
  });

  it('leaves the assignee alone when the picker gave no display value', () => {
    expect(optimisticIssuePatch({ assignedTo: 'user:1' })).toEqual({});
  });

  it('carries bookmark and priority through', () => {
    expect(optimisticIssuePatch({ isBookmarked: true, priority: 'high' })).toEqual({
      isBookmarked: true,
      priority: 'high',
    });
  });
});

describe('describeIssueUpdate', () => {
  it('names the action for notifications', () => {
    expect(describeIssueUpdate({ status: 'ignored', ignore: { until: 'forever' } })).toBe('ignore');
    expect(describeIssueUpdate({ assignedTo: 'user:1' })).toBe('assign');
    expect(describeIssueUpdate({ isBookmarked: true })).toBe('bookmark');
  });
});
