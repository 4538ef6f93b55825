/**
 * What the similarity feature asks of the server: one key factory, `queryOptions` per read, one
 * named helper per invalidation, and the mutations (verdict, cluster action, rebuild). A verdict or
 * an action changes both the suggestions and the clusters of the org, so both are invalidated; an
 * action also changes issues, so the issue lists and details are refetched too.
 */
import {
  IssueClusterListSchema,
  SimilarIssuesSchema,
  type SimilarityActionInput,
  SimilarityActionResultSchema,
  type SimilarityFeedbackInput,
  SimilarityFeedbackSchema,
} from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet, apiPost } from '../../api/http';
import { errorNotification, LONG_AUTO_CLOSE_MS } from '../../lib/error-notification';
import { issueKeys } from '../issues/issues-queries';

export const similarityKeys = {
  all: ['similarity'] as const,
  org: (org: string) => [...similarityKeys.all, org] as const,
  similar: (org: string, issueId: string) => [...similarityKeys.org(org), 'similar', issueId] as const,
  clusters: (org: string) => [...similarityKeys.org(org), 'clusters'] as const,
};

export function similarIssuesQueryOptions(org: string, issueId: string) {
  return queryOptions({
    queryKey: similarityKeys.similar(org, issueId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}/similar`, SimilarIssuesSchema, signal),
  });
}

export function clustersQueryOptions(org: string) {
  return queryOptions({
    queryKey: similarityKeys.clusters(org),
    queryFn: ({ signal }) => apiGet(apiPath`/organizations/${org}/clusters`, IssueClusterListSchema, signal),
    // While the index is being built, look again soon.
    refetchInterval: (query) => (query.state.data?.indexing ? 3_000 : false),
  });
}

export function invalidateSimilarity(queryClient: QueryClient, org: string) {
  return queryClient.invalidateQueries({ queryKey: similarityKeys.org(org) });
}

export function useSimilarityFeedback(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SimilarityFeedbackInput) =>
      apiPost(apiPath`/organizations/${org}/similarity/feedback`, input, SimilarityFeedbackSchema),
    onSuccess: (saved) =>
      notifications.show({
        color: 'green',
        role: 'status',
        title: saved.verdict === 'same' ? 'Marked as the same bug' : 'Marked as not the same',
        message: 'Suggestions and clusters now follow your verdict.',
        autoClose: 4_000,
      }),
    onError: (error) => notifications.show(errorNotification('Could not save your verdict', error)),
    onSettled: () => invalidateSimilarity(queryClient, org),
  });
}

export function useSimilarityAction(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SimilarityActionInput) =>
      apiPost(apiPath`/organizations/${org}/similarity/actions`, input, SimilarityActionResultSchema),
    onSuccess: ({ action, results }) => {
      const done = results.filter((r) => r.outcome === 'done').flatMap((r) => r.issueIds).length;
      const notDone = results.filter((r) => r.outcome !== 'done');
      const someFailed = notDone.some((r) => r.outcome === 'failed');
      notifications.show({
        color: someFailed ? 'red' : 'green',
        role: someFailed ? 'alert' : 'status',
        autoClose: someFailed ? LONG_AUTO_CLOSE_MS : undefined,
        title: `${action === 'merge' ? 'Merged' : 'Resolved'} ${done} ${done === 1 ? 'issue' : 'issues'}`,
        message:
          notDone.map((r) => `${r.project || 'Missing'}: ${r.message ?? r.outcome}`).join(' ') || 'Done.',
      });
    },
    onError: (error) => notifications.show(errorNotification('The action failed', error)),
    onSettled: () =>
      Promise.all([
        invalidateSimilarity(queryClient, org),
        queryClient.invalidateQueries({ queryKey: issueKeys.org(org) }),
      ]),
  });
}
