/** The stream header's checkbox: every loaded row selected or unselected in one step. */
import { describe, expect, it } from 'vitest';
import { INITIAL_TRIAGE_STATE, type StreamTriageAction, streamTriageReducer } from './stream-triage-reducer';

const reduce = (actions: readonly StreamTriageAction[]) =>
  actions.reduce(streamTriageReducer, INITIAL_TRIAGE_STATE);

describe('streamTriageReducer: selecting the page', () => {
  it('adds every loaded row to a hand selection, keeping rows selected elsewhere', () => {
    const state = reduce([
      { type: 'toggleSelected', id: 'other' },
      { type: 'setSelected', ids: ['a', 'b', 'c'], selected: true },
    ]);
    expect([...state.selected].sort()).toEqual(['a', 'b', 'c', 'other']);
  });

  it('unselects the loaded rows only', () => {
    const state = reduce([
      { type: 'setSelected', ids: ['a', 'b', 'other'], selected: true },
      { type: 'setSelected', ids: ['a', 'b'], selected: false },
    ]);
    expect([...state.selected]).toEqual(['other']);
  });

  it('returns the same state when every row already is as asked', () => {
    const state = reduce([{ type: 'setSelected', ids: ['a'], selected: true }]);
    expect(streamTriageReducer(state, { type: 'setSelected', ids: ['a'], selected: true })).toBe(state);
    expect(streamTriageReducer(state, { type: 'setSelected', ids: ['x'], selected: false })).toBe(state);
  });
});
