/**
 * Bulk jobs from the browser: preview a selection for its exact count, create the job, poll it
 * until it settles, list its failed items and retry them. Polling stops by itself once the job
 * is `completed` or `failed`: those states never change again except through retry-failed.
 */
import {
  type BulkJob,
  type BulkJobCreate,
  BulkJobItemListSchema,
  BulkJobSchema,
  BulkPreviewSchema,
  type BulkSelection,
} from '@dexter/contracts';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet, apiPost } from '../../api/http';
import { invalidateIssueLists, issueKeys } from '../issues/issues-queries';

export const bulkKeys = {
  all: ['bulk-jobs'] as const,
  job: (org: string, jobId: number) => [...bulkKeys.all, org, jobId] as const,
  failedItems: (org: string, jobId: number) => [...bulkKeys.job(org, jobId), 'failed-items'] as const,
};

const POLL_MS = 750;

export function isSettled(job: Pick<BulkJob, 'state'>): boolean {
  return job.state === 'completed' || job.state === 'failed';
}

export function bulkJobQueryOptions(org: string, jobId: number) {
  return queryOptions({
    queryKey: bulkKeys.job(org, jobId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/bulk-jobs/${String(jobId)}`, BulkJobSchema, signal),
    refetchInterval: (query) => (query.state.data && isSettled(query.state.data) ? false : POLL_MS),
  });
}

export function bulkFailedItemsQueryOptions(org: string, jobId: number) {
  return queryOptions({
    queryKey: bulkKeys.failedItems(org, jobId),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/bulk-jobs/${String(jobId)}/items`, {
          status: 'failed',
          limit: 100,
        }),
        BulkJobItemListSchema,
        signal,
      ),
  });
}

export function previewBulkSelection(org: string, selection: BulkSelection) {
  return apiPost(apiPath`/organizations/${org}/bulk-jobs/preview`, selection, BulkPreviewSchema);
}

export function createBulkJob(org: string, body: BulkJobCreate) {
  return apiPost(apiPath`/organizations/${org}/bulk-jobs`, body, BulkJobSchema);
}

export function useCreateBulkJob(org: string) {
  return useMutation({ mutationFn: (body: BulkJobCreate) => createBulkJob(org, body) });
}

export function useRetryFailedBulkItems(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) =>
      apiPost(apiPath`/organizations/${org}/bulk-jobs/${String(jobId)}/retry-failed`, {}, BulkJobSchema),
    onSuccess: (job) => invalidateBulkJob(queryClient, org, job.id),
  });
}

export function invalidateBulkJob(queryClient: QueryClient, org: string, jobId: number) {
  return queryClient.invalidateQueries({ queryKey: bulkKeys.job(org, jobId) });
}

/**
 * Once a job settles, the streams and details it touched are stale, and some may still show the
 * change optimistically: refetching them shows each issue as it now is, so the failed ones roll back.
 */
export function invalidateAfterBulkJob(queryClient: QueryClient, org: string) {
  return Promise.all([
    invalidateIssueLists(queryClient, org),
    queryClient.invalidateQueries({ queryKey: issueKeys.details(org) }),
  ]);
}
