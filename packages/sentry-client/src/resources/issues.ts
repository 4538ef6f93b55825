/**
 * Issue endpoints, all organization-scoped so one call can span projects. This file holds the
 * list, detail and single update; bulk changes, tags, activity and comments, and stats live in
 * `issue-*.ts` beside it and are spread into the same `issues` resource.
 *
 * Upstream quirks (`/api/0/organizations/{org}/issues/`):
 * - without `query` Sentry applies `is:unresolved`; pass `query: ''` for every issue;
 * - `group=<id>` (repeated) fetches specific issues in one call: the batcher collapses per-id
 *   lookups into it, up to 100 ids (the page size cap);
 * - `groupStatsPeriod` picks the `stats` series (`24h` by default, `14d`, `auto`, `''` for none),
 *   while `statsPeriod`/`start`/`end` narrow the issues to those with events in the range.
 */
import {
  type GroupStatsPeriod,
  type Issue,
  IssueListItemSchema,
  IssueSchema,
  type IssueSort,
  type IssueUpdate,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';
import { issueActivityMethods } from './issue-activity';
import { issueBulkMethods } from './issue-bulk';
import { issueStatsMethods } from './issue-stats';
import { issueTagMethods } from './issue-tags';

export type { IssuesBulkUpdateParams } from './issue-bulk';

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
  /** Only issues with events in this period: `24h`, `14d`, … */
  statsPeriod?: string;
  start?: string;
  end?: string;
  /** The `stats` series: `24h` (default), `14d`, `auto`, or `''` for none. */
  groupStatsPeriod?: GroupStatsPeriod;
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
          start: params.start,
          end: params.end,
          groupStatsPeriod: params.groupStatsPeriod,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(IssueListItemSchema, req, await transport(req));
    },

    /**
     * Issues by id, many in one call (`group=` repeated, up to 100): the batcher's collapsed per-id
     * lookups. Its own operation, apart from `list`: each batch is a one-off set of ids.
     */
    async lookup(
      org: string,
      ids: ReadonlyArray<string | number>,
      options: CallOptions = {},
    ): Promise<Issue[]> {
      const req: UpstreamRequest = {
        operation: 'issues.lookup',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/`,
        // Every status: without `query`, Sentry would leave out all but the unresolved ones.
        query: { query: '', limit: ids.length, group: ids },
        signal: options.signal,
        priority: options.priority,
      };
      return (await parseList(IssueListItemSchema, req, await transport(req))).data;
    },

    /**
     * The most recently seen issues of every status, newest first, without stats series: what a
     * poller compares with its last look. Its own operation, apart from `list`, because a page
     * kept from an earlier look would hide the very changes it looks for.
     */
    async poll(org: string, { limit }: { limit: number }, options: CallOptions = {}): Promise<Issue[]> {
      const req: UpstreamRequest = {
        operation: 'issues.poll',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/`,
        query: { query: '', sort: 'date', limit, groupStatsPeriod: '' },
        signal: options.signal,
        priority: options.priority,
      };
      return (await parseList(IssueListItemSchema, req, await transport(req))).data;
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

    ...issueBulkMethods(transport),
    ...issueTagMethods(transport),
    ...issueActivityMethods(transport),
    ...issueStatsMethods(transport),
  };
}
