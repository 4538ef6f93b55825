/** The saved Discover queries list (`…/discover/saved`), read by Discover and by the dashboards' widget form. */
import { SavedQueryListSchema } from '@dexter/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiPath } from '../api/api-path';
import { apiGet } from '../api/http';

export const savedQueryKeys = {
  list: (org: string) => ['discover', org, 'saved'] as const,
};

export const savedQueriesOptions = (org: string) =>
  queryOptions({
    queryKey: savedQueryKeys.list(org),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/discover/saved`, SavedQueryListSchema, signal),
  });
