/**
 * Public API of `@dexter/sentry-wire`: one zod definition of each Sentry Web API shape Dexter
 * speaks, read by `@dexter/sentry-client` and written by `@dexter/store`. Response schemas are
 * lenient (every field may be missing, ids arrive as strings or numbers, unknown keys kept);
 * request bodies accept what clients send in practice and refuse what Sentry refuses.
 */
export {
  type CommentBody,
  CommentBodySchema,
  IssueActivitiesSchema,
  type IssueActivity,
  IssueActivitySchema,
  type IssueComment,
  IssueCommentSchema,
} from './activity';
export {
  type EventCommitters,
  EventCommittersSchema,
  type SuspectCommit,
  SuspectCommitSchema,
} from './committers';
export type { ProjectRef, Tag } from './common';
export { type DiscoverTable, DiscoverTableSchema } from './discover';
export { type Entry, type Event, type EventListItem, EventListItemSchema, EventSchema } from './event';
export {
  type BreadcrumbsEntryData,
  BreadcrumbsEntryDataSchema,
  type ExceptionEntryData,
  ExceptionEntryDataSchema,
  getBreadcrumbsEntry,
  getExceptionEntry,
  getMessageEntry,
  getRequestEntry,
  type MessageEntryData,
  MessageEntryDataSchema,
  type RequestEntryData,
  RequestEntryDataSchema,
  type WebApiFrame,
  type WithEntries,
} from './event-entries';
export {
  type Issue,
  type IssueAssignee,
  IssueAssigneeSchema,
  type IssueBulkUpdateResult,
  IssueBulkUpdateResultSchema,
  IssueListItemSchema,
  IssueSchema,
  IssueStatusDetailsSchema,
  type StatsPoints,
  type StatsSeries,
} from './issue';
export { GROUP_STATS_PERIODS, type GroupStatsPeriod, ISSUE_SORTS, type IssueSort } from './issue-list-params';
export { type IssueStats, IssueStatsSchema, MAX_ISSUE_STATS_GROUPS } from './issue-stats';
export { type IssueTag, IssueTagSchema, type IssueTagValue, IssueTagValueSchema } from './issue-tag';
export {
  BULK_MUTATION_LIMIT,
  IGNORED_SUBSTATUSES,
  type IssueBulkUpdate,
  IssueBulkUpdateSchema,
  IssuePrioritySchema,
  type IssueStatus,
  IssueStatusDetailsInputSchema,
  IssueStatusSchema,
  IssueSubstatusSchema,
  type IssueUpdate,
  IssueUpdateSchema,
  UNRESOLVED_SUBSTATUSES,
} from './issue-update';
export { type Member, MemberSchema, type Team, TeamSchema } from './member-team';
export { type Organization, OrganizationSchema } from './organization';
export { type Project, type ProjectKey, ProjectKeySchema, ProjectSchema } from './project';
export { type Deploy, DeploySchema, type Release, ReleaseSchema } from './release';
export {
  type Commit,
  CommitSchema,
  type EventsTimeseries,
  EventsTimeseriesSchema,
  type Sessions,
  SessionsSchema,
  type Timeseries,
  TimeseriesSchema,
} from './release-activity';
export { type Trace, type TraceError, TraceErrorSchema, type TraceItem, TraceNodeSchema } from './trace';
export { type SentryUser, SentryUserSchema } from './user';
