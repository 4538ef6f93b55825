/**
 * The values the stream's environment and release filters offer, from the server's search
 * suggestions (`GET …/search/suggestions` with `environment:` or `release:` typed): the same
 * values the search box completes, for the projects in view.
 */
import { SearchSuggestionsSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet } from '../../api/http';

export type FilterValueKey = 'environment' | 'release';

export function filterValuesQueryOptions(org: string, key: FilterValueKey, projects: readonly string[]) {
  return queryOptions({
    queryKey: ['filter-values', org, key, projects] as const,
    queryFn: async ({ signal }) => {
      const query = `${key}:`;
      const answer = await apiGet(
        withQuery(apiPath`/organizations/${org}/search/suggestions`, {
          query,
          cursor: query.length,
          project: [...projects],
        }),
        SearchSuggestionsSchema,
        signal,
      );
      return answer.suggestions.filter((s) => s.kind === 'value').map((s) => s.text);
    },
    // Environments and releases appear rarely: a minute of staleness is fine.
    staleTime: 60_000,
  });
}
