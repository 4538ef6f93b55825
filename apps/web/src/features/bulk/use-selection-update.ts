/**
 * One change to the issues picked by hand (ticked with x or the checkboxes, or the focused row).
 * A few go issue by issue (`useUpdateIssues`: each answers at once). More than
 * `DIRECT_UPDATE_LIMIT` go through a bulk job with their explicit ids, the same path as "select
 * all N matching": the server groups them by project, sends at most 1,000 per Sentry call as
 * background work in the rate budget, and keeps a result per issue, which `BulkProgress` shows.
 *
 * Both paths show the change at once. A job that cannot start restores the previous state and
 * says why; once a job settles the issues are refetched (`invalidateAfterBulkJob`), so those that
 * failed roll back to what they are, with their reasons in the progress panel. Neither path
 * touches the selection: it survives the action.
 */
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorNotification } from '../../lib/error-notification';
import { describeIssueUpdate } from '../issues/issue-update-patch';
import { showUpdateOptimistically, type UpdateIssuesInput, useUpdateIssues } from '../issues/issues-queries';
import { createBulkJob } from './bulk-queries';

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
    onMutate: ({ issues, update, assignee }) =>
      showUpdateOptimistically(queryClient, org, issues, update, assignee),
    onSuccess: (created) => onJobStarted(created.id),
    onError: (error, { issues, update }, restore) => {
      restore?.();
      notifications.show(
        errorNotification(
          `Could not ${describeIssueUpdate(update)} ${issues.length} issues`,
          error,
          'The previous state was restored.',
        ),
      );
    },
  });

  return {
    mutate: (input: UpdateIssuesInput) =>
      goesThroughBulkJob(input.issues.length) ? job.mutate(input) : direct.mutate(input),
    isPending: direct.isPending || job.isPending,
  };
}
