/**
 * Public API of `@dexter/sentry-client`: a typed Sentry Web API client over an injected transport,
 * the undici transport itself, the error hierarchy, and the lenient response schemas.
 */
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
export type { IssueEventId, IssueEventsListParams } from './resources/events';
export type { CommentBody } from './resources/issue-activity';
export {
  type IssueStatusUpdate,
  type IssuesByQueryParams,
  NO_FALLBACK_QUERY,
} from './resources/issue-bulk';
export { type IssueStatsParams, MAX_ISSUE_STATS_GROUPS } from './resources/issue-stats';
export type { IssueTagsParams, IssueTagValuesParams } from './resources/issue-tags';
export {
  type IssueSort,
  type IssuesBulkUpdateParams,
  type IssuesListParams,
  MAX_BULK_ISSUE_IDS,
} from './resources/issues';
export type {
  MembersListParams,
  OrganizationsListParams,
  TeamsListParams,
} from './resources/organizations';
export type { ProjectKeysParams, ProjectsListParams } from './resources/projects';
export * from './schemas/activity';
export * from './schemas/common';
export * from './schemas/event';
export * from './schemas/event-entries';
export * from './schemas/issue';
export * from './schemas/issue-stats';
export * from './schemas/issue-tag';
export * from './schemas/issue-update';
export * from './schemas/member-team';
export * from './schemas/organization';
export * from './schemas/project';
export * from './schemas/user';
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
