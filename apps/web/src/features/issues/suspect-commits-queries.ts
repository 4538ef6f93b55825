/**
 * The issue's suspect commits (`GET …/issues/{id}/suspect-commits`). The key sits under the
 * issue's detail key, so `invalidateIssueDetail` refreshes them too (a regression brings a new
 * latest event, whose frames may suspect other commits).
 */
import { SuspectCommitsSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';
import { issueKeys } from './issues-queries';

export const suspectCommitKeys = {
  forIssue: (org: string, issueId: string) => [...issueKeys.detail(org, issueId), 'suspect-commits'] as const,
};

export function suspectCommitsQueryOptions(org: string, issueId: string) {
  return queryOptions({
    queryKey: suspectCommitKeys.forIssue(org, issueId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}/suspect-commits`, SuspectCommitsSchema, signal),
    // Commits change only when a release's commits are set: no need to refetch on every focus.
    staleTime: 60_000,
  });
}
