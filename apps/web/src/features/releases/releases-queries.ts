/**
 * Everything the release pages ask of the server: one key factory and `queryOptions` per read.
 * Keys nest org -> list|detail so a later deploy mutation can drop one org's lists at once.
 */
import { ReleaseDetailSchema, ReleaseListSchema } from '@dexter/contracts';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet } from '../../api/http';

export const RELEASE_PAGE_SIZE = 25;

export const releaseKeys = {
  all: ['releases'] as const,
  org: (org: string) => [...releaseKeys.all, org] as const,
  lists: (org: string) => [...releaseKeys.org(org), 'list'] as const,
  list: (org: string, query: string) => [...releaseKeys.lists(org), { query }] as const,
  detail: (org: string, version: string) => [...releaseKeys.org(org), 'detail', version] as const,
};

/** Newest first; `query` is a version prefix (empty lists every release). */
export function releaseListQueryOptions(org: string, query: string) {
  return infiniteQueryOptions({
    queryKey: releaseKeys.list(org, query),
    queryFn: ({ pageParam, signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/releases`, {
          query: query || undefined,
          limit: RELEASE_PAGE_SIZE,
          cursor: pageParam,
        }),
        ReleaseListSchema,
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function releaseDetailQueryOptions(org: string, version: string) {
  return queryOptions({
    queryKey: releaseKeys.detail(org, version),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/releases/${version}`, ReleaseDetailSchema, signal),
  });
}

/** The page of a release; the version is one path segment, however many `@`, `+` or `.` it has. */
export const releasePath = (org: string, version: string) =>
  `/${encodeURIComponent(org)}/releases/${encodeURIComponent(version)}`;
