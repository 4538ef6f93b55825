/**
 * Public API of `@dexter/sentry-client`: a typed Sentry Web API client over an injected transport,
 * the undici transport itself, the error hierarchy, and the wire types its methods speak.
 */

// The wire shapes the client's methods take and return, defined once in @dexter/sentry-wire.
export {
  type CommentBody,
  type Commit,
  type Deploy,
  type Event,
  type EventListItem,
  type EventsTimeseries,
  getBreadcrumbsEntry,
  getExceptionEntry,
  getMessageEntry,
  getRequestEntry,
  type Issue,
  type IssueActivity,
  type IssueAssignee,
  type IssueBulkUpdate,
  type IssueBulkUpdateResult,
  type IssueComment,
  type IssueSort,
  type IssueStats,
  type IssueTag,
  type IssueTagValue,
  type IssueUpdate,
  type Member,
  type Organization,
  type Project,
  type ProjectKey,
  type Release,
  type Sessions,
  type Team,
  type Timeseries,
  type WebApiFrame,
  type WithEntries,
} from '@dexter/sentry-wire';
export { apiPath } from './api-path';
export { createSentryClient, type SentryClient, type SentryClientDeps } from './client';
export { errorFromResponse } from './error-from-response';
export {
  type ApiErrorInit,
  type InvalidResponseReason,
  type NetworkErrorKind,
  SentryApiError,
  SentryAuthError,
  type SentryErrorCode,
  SentryInvalidResponseError,
  SentryNetworkError,
  SentryNotFoundError,
  SentryPermissionError,
  SentryRateLimitError,
  SentryServerError,
  SentryUpstreamError,
  SentryValidationError,
  type UpstreamErrorContext,
} from './errors';
export {
  createHttpTransport,
  DEFAULT_HTTP_TIMEOUTS,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpTimeouts,
  type HttpTransport,
  type HttpTransportOptions,
} from './http';
export {
  type ListResult,
  type PageCursors,
  type PageInfo,
  type PaginateOptions,
  pageInfo,
  paginate,
  parseLinkHeader,
} from './pagination';
export { parseRateLimitHeaders, type RateLimitHeaders } from './rate-limit-headers';
export type { ActivityRange, EventsTimeseriesParams, SessionsParams } from './resources/activity';
export type {
  DiscoverEventsOperation,
  DiscoverParams,
  DiscoverStatsOperation,
  DiscoverTableParams,
} from './resources/discover';
export type { IssueEventId, IssueEventsListParams } from './resources/events';
export {
  type IssueStatusUpdate,
  type IssuesByQueryParams,
  NO_FALLBACK_QUERY,
} from './resources/issue-bulk';
export type { IssueStatsParams } from './resources/issue-stats';
export type { IssueTagsParams, IssueTagValuesParams } from './resources/issue-tags';
export type { IssuesBulkUpdateParams, IssuesListParams } from './resources/issues';
export type {
  MembersListParams,
  OrganizationsListParams,
  TeamsListParams,
} from './resources/organizations';
export type { ProjectKeysParams, ProjectsListParams } from './resources/projects';
export type { ReleasesListParams } from './resources/releases';
export type { TraceParams } from './resources/traces';
export {
  type CallOptions,
  encodeQuery,
  type HttpMethod,
  type Query,
  type QueryValue,
  type RequestPriority,
  type Transport,
  type UpstreamRequest,
  type UpstreamResponse,
} from './transport';
