import type { BulkPreview } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import {
  INITIAL_TRIAGE_STATE,
  type StreamTriageAction,
  type StreamTriageState,
  streamTriageReducer,
} from './stream-triage-reducer';

const reduce = (actions: readonly StreamTriageAction[], from: StreamTriageState = INITIAL_TRIAGE_STATE) =>
  actions.reduce(streamTriageReducer, from);

const preview: BulkPreview = {
  total: 1234,
  projects: [{ id: '1', slug: 'checkout', count: 1234 }],
  notFound: 0,
};

describe('streamTriageReducer: the focus row', () => {
  it('starts on no row, and the first move down focuses the first row', () => {
    expect(INITIAL_TRIAGE_STATE.focusIndex).toBe(-1);
    expect(reduce([{ type: 'focusNext', rowCount: 3 }]).focusIndex).toBe(0);
  });

  it('stops at the last loaded row going down and at the first going up', () => {
    const down = reduce(Array.from({ length: 5 }, () => ({ type: 'focusNext', rowCount: 3 }) as const));
    expect(down.focusIndex).toBe(2);
    const up = reduce(
      Array.from({ length: 5 }, () => ({ type: 'focusPrevious' }) as const),
      down,
    );
    expect(up.focusIndex).toBe(0);
  });

  it('stays on no row when there are no rows to move to', () => {
    expect(reduce([{ type: 'focusNext', rowCount: 0 }])).toBe(INITIAL_TRIAGE_STATE);
  });

  it('follows a row focused by mouse or Tab', () => {
    expect(reduce([{ type: 'focus', index: 7 }]).focusIndex).toBe(7);
  });
});

describe('streamTriageReducer: the selection', () => {
  it('toggles ids in and out, leaving the focus row where it is', () => {
    const state = reduce([
      { type: 'focus', index: 1 },
      { type: 'toggleSelected', id: 'a' },
      { type: 'toggleSelected', id: 'b' },
      { type: 'toggleSelected', id: 'a' },
    ]);
    expect([...state.selected]).toEqual(['b']);
    expect(state.focusIndex).toBe(1);
  });

  it('survives dialogs, moves and a hand selection running as a bulk job', () => {
    const state = reduce([
      { type: 'toggleSelected', id: 'a' },
      { type: 'openDialog', dialog: 'assign' },
      { type: 'closeDialog' },
      { type: 'focusNext', rowCount: 10 },
      { type: 'selectionJobStarted', jobId: 4 },
      { type: 'closeJob' },
    ]);
    expect([...state.selected]).toEqual(['a']);
  });

  it('is emptied by a clear', () => {
    const state = reduce([{ type: 'toggleSelected', id: 'a' }, { type: 'clearSelection' }]);
    expect(state.selected.size).toBe(0);
  });
});

describe('streamTriageReducer: dialogs and bulk jobs', () => {
  it('opens one dialog at a time and closes it', () => {
    const help = reduce([{ type: 'openDialog', dialog: 'help' }]);
    expect(help.dialog).toBe('help');
    expect(reduce([{ type: 'openDialog', dialog: 'assign' }], help).dialog).toBe('assign');
    expect(reduce([{ type: 'closeDialog' }], help).dialog).toBeNull();
  });

  it('shows the exact count of matching issues until closed', () => {
    const counted = reduce([{ type: 'matchingCounted', preview }]);
    expect(counted.matchingPreview).toBe(preview);
    expect(reduce([{ type: 'closeMatching' }], counted).matchingPreview).toBeNull();
  });

  it('a job over every matching issue closes the confirmation, shows the job and clears the selection', () => {
    const state = reduce([
      { type: 'toggleSelected', id: 'a' },
      { type: 'matchingCounted', preview },
      { type: 'matchingJobStarted', jobId: 9 },
    ]);
    expect(state).toMatchObject({ matchingPreview: null, jobId: 9 });
    expect(state.selected.size).toBe(0);
  });

  it('a hand selection job shows its progress until closed', () => {
    const started = reduce([{ type: 'selectionJobStarted', jobId: 3 }]);
    expect(started.jobId).toBe(3);
    expect(reduce([{ type: 'closeJob' }], started).jobId).toBeNull();
  });
});

describe('streamTriageReducer: purity', () => {
  it('never mutates the previous state', () => {
    const before = reduce([
      { type: 'toggleSelected', id: 'a' },
      { type: 'focus', index: 2 },
    ]);
    const snapshot = { ...before, selected: [...before.selected] };
    reduce(
      [
        { type: 'toggleSelected', id: 'b' },
        { type: 'clearSelection' },
        { type: 'focusNext', rowCount: 5 },
        { type: 'openDialog', dialog: 'help' },
        { type: 'matchingJobStarted', jobId: 1 },
      ],
      before,
    );
    expect({ ...before, selected: [...before.selected] }).toEqual(snapshot);
  });

  it('returns the same state when an action changes nothing, so React skips the render', () => {
    const state = reduce([{ type: 'focus', index: 2 }]);
    const unchanged: StreamTriageAction[] = [
      { type: 'focus', index: 2 },
      { type: 'focusNext', rowCount: 3 },
      { type: 'clearSelection' },
      { type: 'closeDialog' },
      { type: 'closeMatching' },
      { type: 'closeJob' },
    ];
    for (const action of unchanged) expect(streamTriageReducer(state, action)).toBe(state);
  });
});
