/**
 * The stream's selection: a set of issue ids owned by the page, not by the table, so it survives
 * paging, refetches after an action, and the table remounting. State changes go through one
 * reducer over a discriminated union of actions; the state is never mutated in place.
 */
export type SelectionAction =
  | { type: 'toggle'; id: string }
  | { type: 'add'; ids: readonly string[] }
  | { type: 'remove'; ids: readonly string[] }
  | { type: 'clear' };

export type Selection = ReadonlySet<string>;

export const EMPTY_SELECTION: Selection = new Set();

export function selectionReducer(state: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case 'toggle': {
      const next = new Set(state);
      if (next.has(action.id)) next.delete(action.id);
      else next.add(action.id);
      return next;
    }
    case 'add': {
      if (action.ids.every((id) => state.has(id))) return state;
      return new Set([...state, ...action.ids]);
    }
    case 'remove': {
      if (!action.ids.some((id) => state.has(id))) return state;
      const next = new Set(state);
      for (const id of action.ids) next.delete(id);
      return next;
    }
    case 'clear':
      return state.size === 0 ? state : EMPTY_SELECTION;
  }
}
