import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, selectionReducer } from './selection';

describe('selectionReducer', () => {
  it('toggle adds an id that is not selected and removes one that is', () => {
    const once = selectionReducer(EMPTY_SELECTION, { type: 'toggle', id: '1' });
    expect([...once]).toEqual(['1']);
    expect(selectionReducer(once, { type: 'toggle', id: '1' }).size).toBe(0);
  });

  it('never mutates the previous state', () => {
    const before = selectionReducer(EMPTY_SELECTION, { type: 'add', ids: ['1', '2'] });
    selectionReducer(before, { type: 'toggle', id: '3' });
    selectionReducer(before, { type: 'remove', ids: ['1'] });
    expect([...before]).toEqual(['1', '2']);
  });

  it('returns the same state when add or remove changes nothing, so React skips a render', () => {
    const state = selectionReducer(EMPTY_SELECTION, { type: 'add', ids: ['1'] });
    expect(selectionReducer(state, { type: 'add', ids: ['1'] })).toBe(state);
    expect(selectionReducer(state, { type: 'remove', ids: ['9'] })).toBe(state);
  });

  it('clear empties any selection', () => {
    const state = selectionReducer(EMPTY_SELECTION, { type: 'add', ids: ['1', '2'] });
    expect(selectionReducer(state, { type: 'clear' }).size).toBe(0);
  });
});
