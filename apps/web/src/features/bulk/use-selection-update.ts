/**
 * One change to the issues picked by hand (ticked with x or the checkboxes, or the focused row).
 * A few go issue by issue (`useUpdateIssues`: each answers at once). More than
 * `DIRECT_UPDATE_LIMIT` go through a bulk job with their explicit ids, the same path as "select
 * all N matching": the server groups them by project, sends at most 1,000 per Sentry call as
 * background work in the rate budget, and keeps a result per issue, which `BulkProgress` shows.
 *
 * Both paths show the change at once, and a status change gets a toast whose Undo puts each
 * issue's previous status back (through the same two paths). A job that cannot start restores the previous state and
 * says why; once a job settles the issues are refetched (`invalidateAfterBulkJob`), so those that
 * failed roll back to what they are, with their reasons in the progress panel. Neither path
 * touches the selection: it survives the action.
 */
import { notifications } from '@mantine/notifications';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { errorNotification } from '../../lib/error-notification';
import { describeStatusChange, undoBatches } from '../issues/issue-undo';
import { describeIssueUpdate } from '../issues/issue-update-patch';
import {
  previousStates,
  showUpdateOptimistically,
  type UpdateIssuesInput,
  useUpdateIssues,
} from '../issues/issues-queries';
import { showUndoNotification } from '../issues/undo-notification';
import { bulkJobQueryOptions, createBulkJob, isSettled } from './bulk-queries';

/** Up to this many issues, one request each is quicker to answer than a job; beyond, a job. */
export const DIRECT_UPDATE_LIMIT = 5;

export function goesThroughBulkJob(count: number): boolean {
  return count > DIRECT_UPDATE_LIMIT;
}

export function useSelectionUpdate(org: string, onJobStarted: (jobId: number) => void) {
  const queryClient = useQueryClient();
  const direct = useUpdateIssues(org);
  const job = useMutation({
    mutationFn: ({ issues, update }: UpdateIssuesInput) =>
      createBulkJob(org, { ids: issues.map((issue) => issue.id), action: update }),
    onMutate: async ({ issues, update, assignee, isUndo }) => {
      // What an Undo puts back, read before the optimistic patch (as useUpdateIssues does).
      const previous = update.status && !isUndo ? previousStates(queryClient, org, issues) : [];
      const restore = await showUpdateOptimistically(queryClient, org, issues, update, assignee);
      return { restore, previous };
    },
    onSuccess: (created, { issues, update }, context) => {
      onJobStarted(created.id);
      const previous = context?.previous ?? [];
      if (previous.length === 0) return;
      showUndoNotification(describeStatusChange(update, issues), () => {
        // The job may still be applying the change: undo once it has, or the two would race.
        void jobSettled(queryClient, org, created.id).then(() => {
          for (const batch of undoBatches(previous)) {
            latest.current({ issues: batch.issues, update: batch.update, isUndo: true });
          }
        });
      });
    },
    onError: (error, { issues, update }, context) => {
      context?.restore();
      notifications.show(
        errorNotification(
          `Could not ${describeIssueUpdate(update)} ${issues.length} issues`,
          error,
          'The previous state was restored.',
        ),
      );
    },
  });

  const mutate = (input: UpdateIssuesInput) =>
    goesThroughBulkJob(input.issues.length) ? job.mutate(input) : direct.mutate(input);
  // The undo toast outlives renders: it calls the latest mutate.
  const latest = useRef(mutate);
  latest.current = mutate;
  return { mutate, isPending: direct.isPending || job.isPending };
}

/** Resolves when the job has finished (or after a minute: undo then rather than never). */
async function jobSettled(queryClient: QueryClient, org: string, jobId: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const job = await queryClient
      .fetchQuery({ ...bulkJobQueryOptions(org, jobId), staleTime: 0 })
      .catch(() => null);
    if (job && isSettled(job)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
