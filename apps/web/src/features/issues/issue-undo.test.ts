import { describe, expect, it } from 'vitest';
import { describeStatusChange, restoringUpdate, undoBatches } from './issue-undo';

describe('restoringUpdate', () => {
  it('puts back unresolved and resolved issues, and a resolution in the next release as one', () => {
    expect(restoringUpdate({ status: 'unresolved' })).toEqual({ status: 'unresolved' });
    expect(restoringUpdate({ status: 'resolved', statusDetails: {} })).toEqual({ status: 'resolved' });
    expect(restoringUpdate({ status: 'resolved', statusDetails: { inNextRelease: true } })).toEqual({
      status: 'resolvedInNextRelease',
    });
  });

  it('puts back an ignore with the condition it had', () => {
    expect(restoringUpdate({ status: 'ignored', statusDetails: { ignoreDuration: 60 } })).toEqual({
      status: 'ignored',
      ignore: { until: 'duration', minutes: 60 },
    });
    expect(restoringUpdate({ status: 'ignored', statusDetails: { ignoreCount: 100 } }).ignore).toEqual({
      until: 'events',
      count: 100,
    });
    expect(restoringUpdate({ status: 'ignored', statusDetails: { ignoreUserCount: 10 } }).ignore).toEqual({
      until: 'users',
      count: 10,
    });
    expect(
      restoringUpdate({ status: 'ignored', statusDetails: { ignoreUntilEscalating: true } }).ignore,
    ).toEqual({
      until: 'escalating',
    });
    expect(restoringUpdate({ status: 'ignored' }).ignore).toEqual({ until: 'forever' });
  });
});

describe('undoBatches', () => {
  it('groups issues that go back to the same status', () => {
    const batches = undoBatches([
      { id: '1', shortId: 'A-1', status: 'unresolved' },
      { id: '2', shortId: 'A-2', status: 'ignored' },
      { id: '3', shortId: 'A-3', status: 'unresolved' },
    ]);
    expect(batches.map((b) => [b.update.status, b.issues.map((i) => i.id)])).toEqual([
      ['unresolved', ['1', '3']],
      ['ignored', ['2']],
    ]);
  });
});

describe('describeStatusChange', () => {
  it('names one issue by its short id and counts several', () => {
    expect(describeStatusChange({ status: 'resolved' }, [{ shortId: 'DEMO-1' }])).toBe('Resolved DEMO-1');
    expect(describeStatusChange({ status: 'ignored' }, [{ shortId: 'A' }, { shortId: 'B' }])).toBe(
      'Ignored 2 issues',
    );
  });
});
