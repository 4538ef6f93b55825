/**
 * The stream's triage state and commands in one hook: the focus row, the selection (which outlives
 * actions, paging and refetches), the open dialog, "select all matching" and the running bulk job.
 * The page renders; this decides what each key or button does.
 *
 * Every function it returns keeps its identity across renders (the ones that read the current
 * state go through `latest`), so the memoized table rows and dialogs the page hands them to are
 * not re-rendered each time a page of issues arrives or a fetch starts and ends.
 */
import type { BulkPreview, BulkSelection, Issue, IssueAssignee, IssueUpdate } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useReducer, useRef, useState } from 'react';
import { errorNotification } from '../../lib/error-notification';
import { BULK_ACTIONS, type BulkActionName } from '../bulk/bulk-actions';
import { previewBulkSelection, useCreateBulkJob } from '../bulk/bulk-queries';
import { useSelectionUpdate } from '../bulk/use-selection-update';
import type { AssigneeChoice } from './AssignPicker';
import type { TriageCommand } from './keymap';
import { EMPTY_SELECTION, selectionReducer } from './selection';
import { isRowOrPage, useTriageKeys } from './use-triage-keys';

export type TriageDialog = 'help' | 'assign' | null;

interface StreamTriageInput {
  org: string;
  issues: readonly Issue[];
  /** The current search as a bulk selection (`query`, `project`). */
  matching: Extract<BulkSelection, { query: string }>;
  onOpen: (issue: Issue) => void;
}

export function useStreamTriage({ org, issues, matching, onOpen }: StreamTriageInput) {
  const [selected, dispatch] = useReducer(selectionReducer, EMPTY_SELECTION);
  const [focusIndex, setFocusIndex] = useState(-1);
  const [dialog, setDialog] = useState<TriageDialog>(null);
  const [matchingPreview, setMatchingPreview] = useState<BulkPreview | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  // A hand selection of more than a few issues runs as a bulk job, shown like "select all".
  const updates = useSelectionUpdate(org, setJobId);
  const createJob = useCreateBulkJob(org);
  const preview = useMutation({
    mutationFn: () => previewBulkSelection(org, matching),
    onSuccess: setMatchingPreview,
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
        setFocusIndex((index) => Math.min(index + 1, issues.length - 1));
        return true;
      case 'focusPrevious':
        setFocusIndex((index) => Math.max(index - 1, 0));
        return true;
      case 'open':
        if (!focused || (event && !isRowOrPage(event.target))) return false;
        onOpen(focused);
        return true;
      case 'toggleSelect':
        if (!focused) return false;
        dispatch({ type: 'toggle', id: focused.id });
        return true;
      case 'resolve':
        return apply(BULK_ACTIONS.resolve.update);
      case 'ignore':
        return apply(BULK_ACTIONS.ignore.update);
      case 'bookmark':
        return apply(BULK_ACTIONS.bookmark.update);
      case 'assign':
        if (targets().length === 0) return false;
        setDialog('assign');
        return true;
      case 'selectAllMatching':
        if (!preview.isPending) preview.mutate();
        return true;
      case 'focusSearch':
        document.querySelector<HTMLInputElement>('[data-testid="search-input"]')?.focus();
        return true;
      case 'help':
        setDialog('help');
        return true;
      case 'escape': {
        const active = document.activeElement;
        if (active instanceof HTMLElement && active.matches('input, textarea, select')) {
          active.blur();
          return true;
        }
        if (selected.size === 0) return false;
        dispatch({ type: 'clear' });
        return true;
      }
    }
  };

  // Dialogs handle their own keys (Mantine closes them on Escape).
  useTriageKeys(run, dialog === null && matchingPreview === null);

  const pickAssignee = (choice: AssigneeChoice) => {
    setDialog(null);
    apply({ assignedTo: choice.ref }, choice.display);
  };

  const confirmMatching = (action: BulkActionName) => {
    createJob.mutate(
      { ...matching, action: BULK_ACTIONS[action].update },
      {
        onSuccess: (job) => {
          setMatchingPreview(null);
          setJobId(job.id);
          dispatch({ type: 'clear' });
        },
        onError: (error) => notifications.show(errorNotification('Could not start the bulk job', error)),
      },
    );
  };

  const latest = useRef({ run, pickAssignee, confirmMatching });
  latest.current = { run, pickAssignee, confirmMatching };
  const commands = useMemo(
    () => ({
      toggle: (id: string) => dispatch({ type: 'toggle', id }),
      clearSelection: () => dispatch({ type: 'clear' }),
      run: (command: TriageCommand) => latest.current.run(command),
      closeDialog: () => setDialog(null),
      pickAssignee: (choice: AssigneeChoice) => latest.current.pickAssignee(choice),
      closeMatching: () => setMatchingPreview(null),
      confirmMatching: (action: BulkActionName) => latest.current.confirmMatching(action),
      closeJob: () => setJobId(null),
    }),
    [],
  );

  return {
    ...commands,
    selected,
    focusIndex,
    setFocusIndex,
    dialog,
    targetCount: selected.size || (focused ? 1 : 0),
    busy: updates.isPending,
    matchingPreview,
    confirmPending: createJob.isPending,
    jobId,
  };
}
