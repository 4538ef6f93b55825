/**
 * The stream's triage state as one value that changes only through this reducer: the keyboard's
 * row, the selection, the open dialog, the "select all matching" confirmation and the bulk job on
 * show. Pure: the hook (use-stream-triage.ts) decides what a key means and runs the requests.
 * Invariants: the state is never mutated, and an action that changes nothing returns the same
 * state, so React skips the render; the selection survives everything but an explicit clear and a
 * job over every matching issue.
 */
import type { BulkPreview } from '@dexter/contracts';
import { EMPTY_SELECTION, type Selection, selectionReducer } from './selection';

export type TriageDialog = 'help' | 'assign' | null;

export interface StreamTriageState {
  /** The keyboard's row; -1 until the first move. */
  focusIndex: number;
  selected: Selection;
  dialog: TriageDialog;
  /** The exact count of the issues matching the search, while its confirmation is open. */
  matchingPreview: BulkPreview | null;
  /** The bulk job whose progress is shown. */
  jobId: number | null;
}

export type StreamTriageAction =
  | { type: 'focus'; index: number }
  | { type: 'focusNext'; rowCount: number }
  | { type: 'focusPrevious' }
  | { type: 'toggleSelected'; id: string }
  | { type: 'clearSelection' }
  /** The header's checkbox: select (or unselect) every loaded row at once. */
  | { type: 'setSelected'; ids: readonly string[]; selected: boolean }
  | { type: 'openDialog'; dialog: Exclude<TriageDialog, null> }
  | { type: 'closeDialog' }
  | { type: 'matchingCounted'; preview: BulkPreview }
  | { type: 'closeMatching' }
  /** A hand selection went through a bulk job: its progress shows, the selection stays. */
  | { type: 'selectionJobStarted'; jobId: number }
  /** The job over every matching issue started: the confirmation closes, the selection is done. */
  | { type: 'matchingJobStarted'; jobId: number }
  | { type: 'closeJob' };

export const INITIAL_TRIAGE_STATE: StreamTriageState = {
  focusIndex: -1,
  selected: EMPTY_SELECTION,
  dialog: null,
  matchingPreview: null,
  jobId: null,
};

export function streamTriageReducer(state: StreamTriageState, action: StreamTriageAction): StreamTriageState {
  switch (action.type) {
    case 'focus':
      return withChange(state, { focusIndex: action.index });
    case 'focusNext':
      return withChange(state, { focusIndex: Math.min(state.focusIndex + 1, action.rowCount - 1) });
    case 'focusPrevious':
      return withChange(state, { focusIndex: Math.max(state.focusIndex - 1, 0) });
    case 'toggleSelected':
      return { ...state, selected: selectionReducer(state.selected, { type: 'toggle', id: action.id }) };
    case 'clearSelection':
      return withChange(state, { selected: selectionReducer(state.selected, { type: 'clear' }) });
    case 'setSelected':
      return withChange(state, {
        selected: selectionReducer(state.selected, {
          type: action.selected ? 'add' : 'remove',
          ids: action.ids,
        }),
      });
    case 'openDialog':
      return withChange(state, { dialog: action.dialog });
    case 'closeDialog':
      return withChange(state, { dialog: null });
    case 'matchingCounted':
      return { ...state, matchingPreview: action.preview };
    case 'closeMatching':
      return withChange(state, { matchingPreview: null });
    case 'selectionJobStarted':
      return withChange(state, { jobId: action.jobId });
    case 'matchingJobStarted':
      return withChange(state, {
        matchingPreview: null,
        jobId: action.jobId,
        selected: selectionReducer(state.selected, { type: 'clear' }),
      });
    case 'closeJob':
      return withChange(state, { jobId: null });
  }
}

/** `state` itself when every field of `patch` already holds (by identity), else a new state. */
function withChange(state: StreamTriageState, patch: Partial<StreamTriageState>): StreamTriageState {
  const keys = Object.keys(patch) as (keyof StreamTriageState)[];
  return keys.every((key) => Object.is(state[key], patch[key])) ? state : { ...state, ...patch };
}
