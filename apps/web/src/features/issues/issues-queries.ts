/**
 * Everything the issues feature asks of the server: one key factory, `queryOptions` per read, one
 * named helper per invalidation, and the issue update mutation. Keys nest org -> list|detail so a helper
 * can invalidate "every list of this org" without touching details, and the reverse.
 */
import {
  type Issue,
  type IssueAssignee,
  IssueDetailSchema,
  IssueEventSchema,
  IssueListSchema,
  IssueSchema,
  type IssueStatus,
  type IssueUpdate,
} from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import {
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { useRef } from 'react';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet, apiPut } from '../../api/http';
import { errorNotification } from '../../lib/error-notification';
import { assertValidSearch } from '../search/search-check';
import { flattenIssuePages, type IssueListPages, patchIssuesInPages } from './issue-pages';
import { type IssueStreamFilters, toIssueListQuery } from './issue-search-params';
import { describeStatusChange, type PreviousState, undoBatches } from './issue-undo';
import { describeIssueUpdate, optimisticIssuePatch } from './issue-update-patch';
import { showUndoNotification } from './undo-notification';

export const ISSUE_PAGE_SIZE = 50;

export const issueKeys = {
  all: ['issues'] as const,
  org: (org: string) => [...issueKeys.all, org] as const,
  lists: (org: string) => [...issueKeys.org(org), 'list'] as const,
  list: (org: string, filters: IssueStreamFilters) => [...issueKeys.lists(org), filters] as const,
  details: (org: string) => [...issueKeys.org(org), 'detail'] as const,
  detail: (org: string, issueId: string) => [...issueKeys.details(org), issueId] as const,
  event: (org: string, issueId: string, eventId: string) =>
    [...issueKeys.detail(org, issueId), 'event', eventId] as const,
};

export function issueListQueryOptions(org: string, filters: IssueStreamFilters) {
  return infiniteQueryOptions({
    queryKey: issueKeys.list(org, filters),
    queryFn: ({ pageParam, signal }) => {
      assertValidSearch(filters.text);
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

/** One event of the issue (an id, `latest` or `oldest`) with its older and newer neighbours. */
export function issueEventQueryOptions(org: string, issueId: string, eventId: string) {
  return queryOptions({
    queryKey: issueKeys.event(org, issueId, eventId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}/events/${eventId}`, IssueEventSchema, signal),
    // An event never changes; `latest` does, and is refetched with the detail (same key prefix).
    staleTime: eventId === 'latest' ? 0 : Number.POSITIVE_INFINITY,
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

/** The detail page's resolve button: one issue, one status, through `useUpdateIssues`. */
export function useUpdateIssueStatus(org: string) {
  const update = useUpdateIssues(org);
  return {
    ...update,
    mutate: ({ issue, status }: UpdateIssueStatusInput) =>
      update.mutate({ issues: [issue], update: { status } }),
  };
}

/**
 * Shows `update` at once on these issues, in their cached details and in every cached list page
 * that holds them (after cancelling fetches that would overwrite it); returns what puts the
 * snapshots back. Shared by the per-issue updates below and the bulk jobs of a hand selection.
 */
export async function showUpdateOptimistically(
  queryClient: QueryClient,
  org: string,
  issues: readonly Pick<Issue, 'id'>[],
  update: IssueUpdate,
  assignee?: IssueAssignee | null,
): Promise<() => void> {
  const ids = new Set(issues.map((issue) => issue.id));
  const detailKeys = issues.map((issue) => issueDetailQueryOptions(org, issue.id).queryKey);
  await Promise.all([
    ...detailKeys.map((queryKey) => queryClient.cancelQueries({ queryKey })),
    queryClient.cancelQueries({ queryKey: issueKeys.lists(org) }),
  ]);
  const previousDetails = detailKeys.map((key) => [key, queryClient.getQueryData(key)] as const);
  const previousLists = queryClient.getQueriesData<IssueListPages>({ queryKey: issueKeys.lists(org) });
  const patch = optimisticIssuePatch(update, assignee);

  for (const key of detailKeys) {
    queryClient.setQueryData(key, (detail) =>
      detail ? { ...detail, issue: { ...detail.issue, ...patch } } : detail,
    );
  }
  queryClient.setQueriesData<IssueListPages>({ queryKey: issueKeys.lists(org) }, (pages) =>
    pages ? patchIssuesInPages(pages, ids, patch) : pages,
  );
  return () => {
    for (const [key, detail] of previousDetails) queryClient.setQueryData(key, detail);
    for (const [key, pages] of previousLists) queryClient.setQueryData(key, pages);
  };
}

export interface UpdateIssuesInput {
  issues: readonly Pick<Issue, 'id' | 'shortId'>[];
  update: IssueUpdate;
  /** How the new assignee shows until the server answers (the update only has `user:<id>`). */
  assignee?: IssueAssignee | null;
  /** This update is itself an undo: no further Undo is offered for it. */
  isUndo?: boolean;
}

/** The issues as they were on screen (a detail, else a list page), for an undo of their status. */
export function previousStates(
  queryClient: QueryClient,
  org: string,
  issues: readonly Pick<Issue, 'id' | 'shortId'>[],
): PreviousState[] {
  const fromLists = new Map<string, Issue>();
  for (const [, pages] of queryClient.getQueriesData<IssueListPages>({ queryKey: issueKeys.lists(org) })) {
    for (const page of pages?.pages ?? []) for (const issue of page.issues) fromLists.set(issue.id, issue);
  }
  return issues.flatMap((issue) => {
    const known =
      queryClient.getQueryData(issueDetailQueryOptions(org, issue.id).queryKey)?.issue ??
      fromLists.get(issue.id);
    return known
      ? [{ id: issue.id, shortId: issue.shortId, status: known.status, statusDetails: known.statusDetails }]
      : [];
  });
}

/**
 * Applies one change to a few issues (one PUT each) with an optimistic update of their details and
 * of every cached list page that holds them; if any PUT fails, restores the snapshots and says which
 * and why in a notification. Lists are refetched afterwards either way, since a new status moves
 * issues in or out of status-filtered streams. Large selections go through bulk jobs instead.
 */
export function useUpdateIssues(org: string) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async ({ issues, update }: UpdateIssuesInput) => {
      const results = await Promise.allSettled(
        issues.map((issue) => apiPut(apiPath`/organizations/${org}/issues/${issue.id}`, update, IssueSchema)),
      );
      const failed = issues.filter((_issue, index) => results[index]?.status === 'rejected');
      const firstError = results.find((result) => result.status === 'rejected');
      if (firstError) throw new UpdateIssuesError(failed, firstError.reason);
      return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    },

    onMutate: async ({ issues, update, assignee, isUndo }) => {
      // Read before the optimistic patch overwrites them: what an Undo puts back.
      const previous = update.status && !isUndo ? previousStates(queryClient, org, issues) : [];
      const restore = await showUpdateOptimistically(queryClient, org, issues, update, assignee);
      return { restore, previous };
    },

    onError: (error, { issues, update }, context) => {
      context?.restore();
      const failed = error instanceof UpdateIssuesError ? error.failed : issues;
      const names = failed
        .slice(0, 3)
        .map((issue) => issue.shortId)
        .join(', ');
      const more = failed.length > 3 ? ` and ${failed.length - 3} more` : '';
      notifications.show(
        errorNotification(
          `Could not ${describeIssueUpdate(update)} ${names}${more}`,
          error instanceof UpdateIssuesError ? error.cause : error,
          'The previous state was restored.',
        ),
      );
    },

    onSuccess: (updated, { issues, update }, context) => {
      for (const issue of updated) {
        queryClient.setQueryData(issueDetailQueryOptions(org, issue.id).queryKey, (detail) =>
          detail ? { ...detail, issue } : detail,
        );
      }
      // A status change (a key like r or i is easy to press by mistake) can be taken back.
      const previous = context?.previous ?? [];
      if (previous.length === 0) return;
      showUndoNotification(describeStatusChange(update, issues), () => {
        for (const batch of undoBatches(previous)) {
          undo.current({ issues: batch.issues, update: batch.update, isUndo: true });
        }
      });
    },

    onSettled: (_data, error, { issues }) => {
      void invalidateIssueLists(queryClient, org);
      if (error) for (const issue of issues) void invalidateIssueDetail(queryClient, org, issue.id);
    },
  });
  // The toast outlives renders: its Undo calls the latest mutate.
  const undo = useRef(mutation.mutate);
  undo.current = mutation.mutate;
  return mutation;
}

/** Which issues of a multi-issue update failed, with the first failure as the cause. */
class UpdateIssuesError extends Error {
  override readonly name = 'UpdateIssuesError';
  readonly failed: readonly Pick<Issue, 'id' | 'shortId'>[];

  constructor(failed: readonly Pick<Issue, 'id' | 'shortId'>[], cause: unknown) {
    super(`${failed.length} issue update(s) failed`, { cause });
    this.failed = failed;
  }
}
