/**
 * Everything the issues feature asks of the server: one key factory, `queryOptions` per read, one
 * named helper per invalidation, and the status mutation. Keys nest org -> list|detail so a helper
 * can invalidate "every list of this org" without touching details, and the reverse.
 */
import {
  type Issue,
  IssueDetailSchema,
  IssueListSchema,
  IssueSchema,
  type IssueStatus,
} from '@dexter/contracts';
import {
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { describeError, errorReference } from '../../api/describe-error';
import { apiGet, apiPut } from '../../api/http';
import { notify } from '../../lib/notifications';
import { flattenIssuePages, type IssueListPages, patchIssueInPages } from './issue-pages';
import { type IssueStreamFilters, toIssueListQuery } from './issue-search-params';

export const ISSUE_PAGE_SIZE = 50;

export const issueKeys = {
  all: ['issues'] as const,
  org: (org: string) => [...issueKeys.all, org] as const,
  lists: (org: string) => [...issueKeys.org(org), 'list'] as const,
  list: (org: string, filters: IssueStreamFilters) => [...issueKeys.lists(org), filters] as const,
  details: (org: string) => [...issueKeys.org(org), 'detail'] as const,
  detail: (org: string, issueId: string) => [...issueKeys.details(org), issueId] as const,
};

export function issueListQueryOptions(org: string, filters: IssueStreamFilters) {
  return infiniteQueryOptions({
    queryKey: issueKeys.list(org, filters),
    queryFn: ({ pageParam, signal }) => {
      const params = { ...toIssueListQuery(filters), limit: ISSUE_PAGE_SIZE, cursor: pageParam };
      return apiGet(withQuery(apiPath`/organizations/${org}/issues`, params), IssueListSchema, signal);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    select: flattenIssuePages,
  });
}

export function issueDetailQueryOptions(org: string, issueId: string) {
  return queryOptions({
    queryKey: issueKeys.detail(org, issueId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}`, IssueDetailSchema, signal),
  });
}

export function invalidateIssueLists(queryClient: QueryClient, org: string) {
  return queryClient.invalidateQueries({ queryKey: issueKeys.lists(org) });
}

export function invalidateIssueDetail(queryClient: QueryClient, org: string, issueId: string) {
  return queryClient.invalidateQueries({ queryKey: issueKeys.detail(org, issueId) });
}

export interface UpdateIssueStatusInput {
  issue: Pick<Issue, 'id' | 'shortId'>;
  status: IssueStatus;
}

/**
 * Sets an issue's status with an optimistic update of its detail and of every cached list page that
 * holds it; on failure restores the snapshots and says why in a notification. Lists are refetched
 * afterwards either way, since a new status moves the issue in or out of status-filtered streams.
 */
export function useUpdateIssueStatus(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ issue, status }: UpdateIssueStatusInput) =>
      apiPut(apiPath`/organizations/${org}/issues/${issue.id}`, { status }, IssueSchema),

    onMutate: async ({ issue, status }) => {
      const detailKey = issueDetailQueryOptions(org, issue.id).queryKey;
      await Promise.all([
        queryClient.cancelQueries({ queryKey: detailKey }),
        queryClient.cancelQueries({ queryKey: issueKeys.lists(org) }),
      ]);
      const previousDetail = queryClient.getQueryData(detailKey);
      const previousLists = queryClient.getQueriesData<IssueListPages>({ queryKey: issueKeys.lists(org) });

      queryClient.setQueryData(detailKey, (detail) =>
        detail ? { ...detail, issue: { ...detail.issue, status } } : detail,
      );
      queryClient.setQueriesData<IssueListPages>({ queryKey: issueKeys.lists(org) }, (pages) =>
        pages ? patchIssueInPages(pages, issue.id, { status }) : pages,
      );
      return { previousDetail, previousLists };
    },

    onError: (error, { issue, status }, context) => {
      if (context) {
        queryClient.setQueryData(issueDetailQueryOptions(org, issue.id).queryKey, context.previousDetail);
        for (const [key, pages] of context.previousLists) queryClient.setQueryData(key, pages);
      }
      const description = describeError(error);
      notify({
        color: 'red',
        title: `Could not mark ${issue.shortId} as ${status}`,
        message: [description.message, description.hint, 'The previous status was restored.']
          .filter(Boolean)
          .join(' '),
        detail: errorReference(description) ?? undefined,
      });
    },

    onSuccess: (updated, { issue }) => {
      queryClient.setQueryData(issueDetailQueryOptions(org, issue.id).queryKey, (detail) =>
        detail ? { ...detail, issue: updated } : detail,
      );
    },

    onSettled: (_data, error, { issue }) => {
      void invalidateIssueLists(queryClient, org);
      if (error) void invalidateIssueDetail(queryClient, org, issue.id);
    },
  });
}
