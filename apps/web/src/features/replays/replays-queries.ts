/** A project's or an issue's replays, and one replay for the player (`GET …/replays[/{id}]`). */
import { ReplayDetailSchema, ReplayListSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';

export const replayKeys = {
  list: (org: string, scope: { project?: string; issueId?: string }) =>
    ['replays', org, 'list', scope] as const,
  detail: (org: string, replayId: string) => ['replays', org, 'detail', replayId] as const,
};

export function replayListQueryOptions(org: string, scope: { project?: string; issueId?: string }) {
  const params = new URLSearchParams();
  if (scope.project) params.set('project', scope.project);
  if (scope.issueId) params.set('issueId', scope.issueId);
  return queryOptions({
    queryKey: replayKeys.list(org, scope),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/organizations/${org}/replays`}?${params}`, ReplayListSchema, signal),
    staleTime: 15_000,
  });
}

export function replayQueryOptions(org: string, replayId: string) {
  return queryOptions({
    queryKey: replayKeys.detail(org, replayId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/replays/${replayId}`, ReplayDetailSchema, signal),
    staleTime: 30_000,
  });
}

/** Where the player of `replayId` lives. */
export const replayPath = (org: string, replayId: string) =>
  `/${encodeURIComponent(org)}/replays/${encodeURIComponent(replayId)}`;
