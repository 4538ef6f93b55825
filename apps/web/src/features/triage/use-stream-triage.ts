/**
 * The stream's triage commands in one hook, over the state in stream-triage-reducer.ts (the focus
 * row, the selection, the open dialog, "select all matching" and the running bulk job). The page
 * renders; this decides what each key or button does and runs the requests.
 *
 * Every function it returns keeps its identity across renders (the ones that read the current
 * state go through `latest`), so the memoized table rows and dialogs the page hands them to are
 * not re-rendered each time a page of issues arrives or a fetch starts and ends.
 */
import type { BulkSelection, Issue, IssueAssignee, IssueUpdate } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useReducer, useRef } from 'react';
import { errorNotification } from '../../lib/error-notification';
import { BULK_ACTIONS, type BulkActionName } from '../bulk/bulk-actions';
import { previewBulkSelection, useCreateBulkJob } from '../bulk/bulk-queries';
import { useSelectionUpdate } from '../bulk/use-selection-update';
import type { AssigneeChoice } from './AssignPicker';
import type { TriageCommand } from './keymap';
import { INITIAL_TRIAGE_STATE, streamTriageReducer } from './stream-triage-reducer';
import { isRowOrPage, useTriageKeys } from './use-triage-keys';

interface StreamTriageInput {
  org: string;
  issues: readonly Issue[];
  /** The current search as a bulk selection (`query`, `project`). */
  matching: Extract<BulkSelection, { query: string }>;
  onOpen: (issue: Issue) => void;
}

export function useStreamTriage({ org, issues, matching, onOpen }: StreamTriageInput) {
  const [state, dispatch] = useReducer(streamTriageReducer, INITIAL_TRIAGE_STATE);
  const { focusIndex, selected, dialog, matchingPreview, jobId } = state;
  /** The search box, for `/`. */
  const searchRef = useRef<HTMLInputElement>(null);
  // A hand selection of more than a few issues runs as a bulk job, shown like "select all".
  const updates = useSelectionUpdate(org, (started) =>
    dispatch({ type: 'selectionJobStarted', jobId: started }),
  );
  const createJob = useCreateBulkJob(org);
  const preview = useMutation({
    mutationFn: () => previewBulkSelection(org, matching),
    onSuccess: (counted) => dispatch({ type: 'matchingCounted', preview: counted }),
    onError: (error) => notifications.show(errorNotification('Could not count the matching issues', error)),
  });

  const focused = focusIndex >= 0 ? issues[focusIndex] : undefined;
  /** The selection when there is one, else the focused row. */
  const targets = (): Pick<Issue, 'id' | 'shortId'>[] => {
    if (selected.size === 0) return focused ? [focused] : [];
    const byId = new Map(issues.map((issue) => [issue.id, issue]));
    return [...selected].map((id) => byId.get(id) ?? { id, shortId: id });
  };
  const apply = (update: IssueUpdate, assignee?: IssueAssignee | null) => {
    const chosen = targets();
    if (chosen.length === 0) return false;
    updates.mutate({ issues: chosen, update, assignee });
    return true;
  };

  const run = (command: TriageCommand, event?: KeyboardEvent): boolean => {
    switch (command) {
      case 'focusNext':
        dispatch({ type: 'focusNext', rowCount: issues.length });
        return true;
      case 'focusPrevious':
        dispatch({ type: 'focusPrevious' });
        return true;
      case 'open':
        if (!focused || (event && !isRowOrPage(event.target))) return false;
        onOpen(focused);
        return true;
      case 'toggleSelect':
        if (!focused) return false;
        dispatch({ type: 'toggleSelected', id: focused.id });
        return true;
      case 'resolve':
        return apply(BULK_ACTIONS.resolve.update);
      case 'ignore':
        return apply(BULK_ACTIONS.ignore.update);
      case 'bookmark':
        return apply(BULK_ACTIONS.bookmark.update);
      case 'assign':
        if (targets().length === 0) return false;
        dispatch({ type: 'openDialog', dialog: 'assign' });
        return true;
      case 'selectAllMatching':
        if (!preview.isPending) preview.mutate();
        return true;
      case 'focusSearch':
        searchRef.current?.focus();
        return true;
      case 'help':
        dispatch({ type: 'openDialog', dialog: 'help' });
        return true;
      case 'escape': {
        const active = document.activeElement;
        if (active instanceof HTMLElement && active.matches('input, textarea, select')) {
          active.blur();
          return true;
        }
        if (selected.size === 0) return false;
        dispatch({ type: 'clearSelection' });
        return true;
      }
    }
  };

  // Dialogs handle their own keys (Mantine closes them on Escape).
  useTriageKeys(run, dialog === null && matchingPreview === null);

  const pickAssignee = (choice: AssigneeChoice) => {
    dispatch({ type: 'closeDialog' });
    apply({ assignedTo: choice.ref }, choice.display);
  };

  const confirmMatching = (action: BulkActionName) => {
    createJob.mutate(
      { ...matching, action: BULK_ACTIONS[action].update },
      {
        onSuccess: (job) => dispatch({ type: 'matchingJobStarted', jobId: job.id }),
        onError: (error) => notifications.show(errorNotification('Could not start the bulk job', error)),
      },
    );
  };

  const latest = useRef({ run, pickAssignee, confirmMatching });
  latest.current = { run, pickAssignee, confirmMatching };
  const commands = useMemo(
    () => ({
      toggle: (id: string) => dispatch({ type: 'toggleSelected', id }),
      clearSelection: () => dispatch({ type: 'clearSelection' }),
      setSelected: (ids: readonly string[], selected: boolean) =>
        dispatch({ type: 'setSelected', ids, selected }),
      setFocusIndex: (index: number) => dispatch({ type: 'focus', index }),
      run: (command: TriageCommand) => latest.current.run(command),
      closeDialog: () => dispatch({ type: 'closeDialog' }),
      pickAssignee: (choice: AssigneeChoice) => latest.current.pickAssignee(choice),
      closeMatching: () => dispatch({ type: 'closeMatching' }),
      confirmMatching: (action: BulkActionName) => latest.current.confirmMatching(action),
      closeJob: () => dispatch({ type: 'closeJob' }),
    }),
    [],
  );

  return {
    ...commands,
    selected,
    focusIndex,
    searchRef,
    dialog,
    targetCount: selected.size || (focused ? 1 : 0),
    busy: updates.isPending,
    matchingPreview,
    confirmPending: createJob.isPending,
    jobId,
  };
}
