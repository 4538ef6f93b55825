/**
 * Everything the release pages ask of the server: one key factory and `queryOptions` per read.
 * Keys nest org -> list|detail so a later deploy mutation can drop one org's lists at once.
 */
import {
  DeployNoticeListSchema,
  IssueTimelineSchema,
  ReleaseDetailSchema,
  ReleaseInsightsSchema,
  ReleaseListSchema,
  ReleaseTimelineSchema,
  type TimelinePeriod,
} from '@dexter/contracts';
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
  insights: (org: string, version: string) => [...releaseKeys.detail(org, version), 'insights'] as const,
  timeline: (org: string, filters: TimelineFilters) =>
    [...releaseKeys.org(org), 'timeline', filters] as const,
  notices: (org: string, filters: { release?: string; since?: string }) =>
    [...releaseKeys.org(org), 'notices', filters] as const,
  issueTimeline: (org: string, issueId: string, period: TimelinePeriod) =>
    [...releaseKeys.org(org), 'issue-timeline', issueId, period] as const,
};

export interface TimelineFilters {
  period: TimelinePeriod;
  groupBy: 'release' | 'environment';
  environment: string | null;
}

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

export function releaseInsightsQueryOptions(org: string, version: string) {
  return queryOptions({
    queryKey: releaseKeys.insights(org, version),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/releases/${version}/insights`, ReleaseInsightsSchema, signal),
  });
}

export function releaseTimelineQueryOptions(org: string, filters: TimelineFilters) {
  return queryOptions({
    queryKey: releaseKeys.timeline(org, filters),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/releases-timeline`, {
          statsPeriod: filters.period,
          groupBy: filters.groupBy,
          environment: filters.environment ?? undefined,
        }),
        ReleaseTimelineSchema,
        signal,
      ),
    placeholderData: (previous) => previous,
  });
}

/** Evaluations of deploys by the regression check; `since` bounds them to a timeline's range. */
export function deployNoticesQueryOptions(org: string, filters: { release?: string; since?: string }) {
  return queryOptions({
    queryKey: releaseKeys.notices(org, filters),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/deploy-notices`, filters),
        DeployNoticeListSchema,
        signal,
      ),
  });
}

export function issueTimelineQueryOptions(org: string, issueId: string, period: TimelinePeriod) {
  return queryOptions({
    queryKey: releaseKeys.issueTimeline(org, issueId, period),
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/issues/${issueId}/timeline`, { statsPeriod: period }),
        IssueTimelineSchema,
        signal,
      ),
  });
}
