/** Dexter's issue change as Sentry's bulk/single PUT body, and the read-back check bulk jobs use. */
import type { Issue as SentryIssue } from '@dexter/sentry-client';
import { describe, expect, it } from 'vitest';
import { mismatchOf, toSentryUpdate } from './issue-actions';

describe('toSentryUpdate', () => {
  it('maps each status and ignore condition to Sentry’s body', () => {
    expect(toSentryUpdate({ status: 'resolvedInNextRelease' })).toEqual({
      status: 'resolved',
      statusDetails: { inNextRelease: true },
    });
    expect(toSentryUpdate({ status: 'ignored' })).toMatchObject({ substatus: 'archived_forever' });
    expect(
      toSentryUpdate({ status: 'ignored', ignore: { until: 'events', count: 10, windowMinutes: 60 } }),
    ).toEqual({
      status: 'ignored',
      substatus: 'archived_until_condition_met',
      statusDetails: { ignoreCount: 10, ignoreWindow: 60 },
    });
    expect(toSentryUpdate({ status: 'ignored', ignore: { until: 'escalating' } })).toMatchObject({
      substatus: 'archived_until_escalating',
    });
  });

  it('unassigns with an empty string and keeps other fields as given', () => {
    expect(toSentryUpdate({ assignedTo: null, isBookmarked: true, priority: 'low' })).toEqual({
      assignedTo: '',
      isBookmarked: true,
      priority: 'low',
    });
  });
});

describe('mismatchOf', () => {
  const issue = (fields: Partial<SentryIssue>) => ({ id: '1', ...fields }) as SentryIssue;

  it('accepts an issue that shows the change', () => {
    expect(mismatchOf({ status: 'resolvedInNextRelease' }, issue({ status: 'resolved' }))).toBeNull();
    expect(mismatchOf({ assignedTo: 'team:4' }, issue({ assignedTo: { type: 'team', id: '4' } }))).toBeNull();
    expect(mismatchOf({ assignedTo: null }, issue({ assignedTo: null }))).toBeNull();
  });

  it('says what differs otherwise', () => {
    expect(mismatchOf({ status: 'ignored' }, issue({ status: 'unresolved' }))).toBe(
      'status is unresolved, not ignored',
    );
    expect(mismatchOf({ assignedTo: 'user:2' }, issue({}))).toBe('assignee is nobody');
    expect(mismatchOf({ isBookmarked: true }, issue({ isBookmarked: false }))).toBe('not bookmarked');
    expect(mismatchOf({ priority: 'high' }, issue({ priority: 'low' }))).toBe('priority is low');
  });
});
