/** The server's autocomplete for the search box (`GET …/search/suggestions`), cached briefly. */
import { SearchSuggestionsSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet } from '../../api/http';

export interface SuggestionsRequest {
  query: string;
  cursor: number;
  projects: readonly string[];
}

export function searchSuggestionsQueryOptions(org: string, request: SuggestionsRequest) {
  return queryOptions({
    queryKey: ['search-suggestions', org, request.query, request.cursor, request.projects] as const,
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/search/suggestions`, {
          query: request.query,
          cursor: request.cursor,
          project: request.projects,
        }),
        SearchSuggestionsSchema,
        signal,
      ),
    // Tag values move slowly; the same prefix typed again answers from the cache.
    staleTime: 30_000,
  });
}
