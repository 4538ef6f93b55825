/**
 * The detail page's context facade (`GET …/issues/{id}/context`: tags, events, activity, each part
 * ok or failed on its own) and the issue's comments. Keys sit under the issue's detail key, so
 * `invalidateIssueDetail` refreshes them too.
 */
import { IssueCommentListSchema, IssueCommentSchema, IssueContextSchema } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet, apiPost } from '../../api/http';
import { errorNotification } from '../../lib/error-notification';
import { issueKeys } from './issues-queries';

export const issueContextKeys = {
  context: (org: string, issueId: string) => [...issueKeys.detail(org, issueId), 'context'] as const,
  comments: (org: string, issueId: string) => [...issueKeys.detail(org, issueId), 'comments'] as const,
};

export function issueContextQueryOptions(org: string, issueId: string) {
  return queryOptions({
    queryKey: issueContextKeys.context(org, issueId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}/context`, IssueContextSchema, signal),
  });
}

export function issueCommentsQueryOptions(org: string, issueId: string) {
  return queryOptions({
    queryKey: issueContextKeys.comments(org, issueId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}/comments`, IssueCommentListSchema, signal),
  });
}

export function invalidateIssueComments(queryClient: QueryClient, org: string, issueId: string) {
  return queryClient.invalidateQueries({ queryKey: issueContextKeys.comments(org, issueId) });
}

export function useAddComment(org: string, issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      apiPost(apiPath`/organizations/${org}/issues/${issueId}/comments`, { text }, IssueCommentSchema),
    onError: (error) => notifications.show(errorNotification('Could not add the comment', error)),
    // A comment is also a `note` in the issue's activity, which the context facade serves.
    onSettled: () =>
      Promise.all([
        invalidateIssueComments(queryClient, org, issueId),
        queryClient.invalidateQueries({ queryKey: issueContextKeys.context(org, issueId) }),
      ]),
  });
}
