/**
 * Issue endpoints, all organization-scoped so one call can span projects.
 *
 * Upstream quirks (`/api/0/organizations/{org}/issues/`):
 * - without `query` Sentry applies `is:unresolved`; pass `query: ''` for every issue;
 * - `group=<id>` (repeated) fetches specific issues in one call: the batcher collapses per-id
 *   lookups into it, up to 100 ids (the page size cap);
 * - a bulk PUT without `id` updates *every* issue matching the filters, so `bulkUpdate` refuses an
 *   empty id list, and more than Sentry's bulk limit of 1,000.
 */
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import {
  type Issue,
  type IssueBulkUpdateResult,
  IssueBulkUpdateResultSchema,
  IssueSchema,
} from '../schemas/issue';
import type { IssueBulkUpdate, IssueUpdate } from '../schemas/issue-update';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export const MAX_BULK_ISSUE_IDS = 1000;

export type IssueSort = 'date' | 'freq' | 'inbox' | 'new' | 'recommended' | 'trends' | 'user';

export interface IssuesListParams {
  /** Sentry search syntax. Omitted means `is:unresolved`; `''` means all issues. */
  query?: string;
  sort?: IssueSort;
  /** Page size, at most 100. */
  limit?: number;
  cursor?: string;
  /** Project ids; `-1` means all projects the token can see. */
  project?: ReadonlyArray<string | number>;
  environment?: readonly string[];
  /** `24h`, `14d`, … */
  statsPeriod?: string;
  /** Fetch these issue ids (batch lookup). */
  group?: ReadonlyArray<string | number>;
}

export interface IssuesBulkUpdateParams {
  ids: ReadonlyArray<string | number>;
  /** Narrows the update to these projects, as Dexter's bulk jobs group ids by project. */
  project?: ReadonlyArray<string | number>;
}

export function issuesResource(transport: Transport) {
  return {
    async list(
      org: string,
      params: IssuesListParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<Issue>> {
      const req: UpstreamRequest = {
        operation: 'issues.list',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/`,
        query: {
          query: params.query,
          sort: params.sort,
          limit: params.limit,
          cursor: params.cursor,
          project: params.project,
          environment: params.environment,
          statsPeriod: params.statsPeriod,
          group: params.group,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(IssueSchema, req, await transport(req));
    },

    async get(org: string, issueId: string | number, options: CallOptions = {}): Promise<Issue> {
      const req: UpstreamRequest = {
        operation: 'issues.get',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/`,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(IssueSchema, req, await transport(req));
    },

    /** Sentry answers with the updated issue. */
    async update(
      org: string,
      issueId: string | number,
      body: IssueUpdate,
      options: CallOptions = {},
    ): Promise<Issue> {
      const req: UpstreamRequest = {
        operation: 'issues.update',
        method: 'PUT',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/`,
        body,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(IssueSchema, req, await transport(req));
    },

    /** Resolves with the changes Sentry applied, or null when no issue matched (204). */
    async bulkUpdate(
      org: string,
      params: IssuesBulkUpdateParams,
      body: IssueBulkUpdate,
      options: CallOptions = {},
    ): Promise<IssueBulkUpdateResult | null> {
      if (params.ids.length === 0 || params.ids.length > MAX_BULK_ISSUE_IDS) {
        throw new RangeError(
          `issues.bulkUpdate: between 1 and ${MAX_BULK_ISSUE_IDS} ids, got ${params.ids.length}`,
        );
      }
      const req: UpstreamRequest = {
        operation: 'issues.bulkUpdate',
        method: 'PUT',
        path: apiPath`/api/0/organizations/${org}/issues/`,
        query: { id: params.ids, project: params.project },
        body,
        signal: options.signal,
        priority: options.priority,
      };
      const res = await transport(req);
      return res.body === null ? null : parseBody(IssueBulkUpdateResultSchema, req, res);
    },
  };
}
