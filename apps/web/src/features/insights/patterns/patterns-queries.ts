/**
 * Patterns of a project selection (`GET …/insights/patterns`) and the stream links its cards open.
 * The server reads 14 days of hourly series per issue, so results stay fresh for a minute.
 */
import { PatternsSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../../api/api-path';
import { apiGet } from '../../../api/http';

export const patternKeys = {
  selection: (org: string, projects: readonly string[]) => ['insights', org, 'patterns', projects] as const,
};

export function patternsQueryOptions(org: string, projects: readonly string[]) {
  return queryOptions({
    queryKey: patternKeys.selection(org, projects),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/insights/patterns`, { project: projects }),
        PatternsSchema,
        signal,
      ),
    staleTime: 60_000,
  });
}

/** The stream, any status, showing exactly these issues (`issue:[A-1, B-2]`). */
export function issuesStreamPath(org: string, shortIds: readonly string[]): string {
  const query = shortIds.length === 1 ? `issue:${shortIds[0]}` : `issue:[${shortIds.join(', ')}]`;
  const search = new URLSearchParams({ query, status: 'all' });
  return `/${encodeURIComponent(org)}/issues?${search}`;
}

export const issuePath = (org: string, issueId: string) =>
  `/${encodeURIComponent(org)}/issues/${encodeURIComponent(issueId)}`;
