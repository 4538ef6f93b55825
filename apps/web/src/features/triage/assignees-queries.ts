/**
 * The assign picker's choices: the organization's members and teams, each with the `assignee`
 * string (`user:<id>`, `team:<id>`) that `IssueUpdate.assignedTo` takes. First page only: the
 * picker filters with the routes' `query`, so a long list is narrowed by typing, not by paging.
 */
import { OrganizationMemberListSchema, OrganizationTeamListSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet } from '../../api/http';

export const assigneeKeys = {
  all: ['assignees'] as const,
  members: (org: string, query: string) => [...assigneeKeys.all, org, 'members', query] as const,
  teams: (org: string, query: string) => [...assigneeKeys.all, org, 'teams', query] as const,
};

const STALE_MS = 60_000;

export function membersQueryOptions(org: string, query: string) {
  return queryOptions({
    queryKey: assigneeKeys.members(org, query),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/members`, { query }),
        OrganizationMemberListSchema,
        signal,
      ),
    staleTime: STALE_MS,
  });
}

export function teamsQueryOptions(org: string, query: string) {
  return queryOptions({
    queryKey: assigneeKeys.teams(org, query),
    queryFn: ({ signal }) =>
      apiGet(withQuery(apiPath`/organizations/${org}/teams`, { query }), OrganizationTeamListSchema, signal),
    staleTime: STALE_MS,
  });
}
