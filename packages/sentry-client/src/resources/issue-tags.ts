/**
 * Tags of one issue: every key with its top values (the tag-distribution panel), one key, and all
 * values of a key, paged. Upstream quirks: `/tags/` (all keys) is not in the public spec; with
 * `key` given its default `limit` is 9 instead of 10; `environment` narrows the counts on Sentry
 * but not on the built-in store, which keeps per-issue counts only.
 */
import { type IssueTag, IssueTagSchema, type IssueTagValue, IssueTagValueSchema } from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface IssueTagsParams {
  /** Only these keys. */
  key?: readonly string[];
  /** Top values per key. */
  limit?: number;
  environment?: readonly string[];
}

export interface IssueTagValuesParams {
  cursor?: string;
  perPage?: number;
  /** Descending by last seen (`date`), first seen (`age`), `count`, or `id`. */
  sort?: 'date' | 'age' | 'count' | 'id' | '-date' | '-age' | '-count' | '-id';
  environment?: readonly string[];
}

export function issueTagMethods(transport: Transport) {
  return {
    async tags(
      org: string,
      issueId: string | number,
      params: IssueTagsParams = {},
      options: CallOptions = {},
    ): Promise<IssueTag[]> {
      const req: UpstreamRequest = {
        operation: 'issues.tags',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/tags/`,
        query: { key: params.key, limit: params.limit, environment: params.environment },
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(IssueTagSchema.array(), req, await transport(req));
    },

    async tag(
      org: string,
      issueId: string | number,
      key: string,
      params: { environment?: readonly string[] } = {},
      options: CallOptions = {},
    ): Promise<IssueTag> {
      const req: UpstreamRequest = {
        operation: 'issues.tag',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/tags/${key}/`,
        query: { environment: params.environment },
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(IssueTagSchema, req, await transport(req));
    },

    async tagValues(
      org: string,
      issueId: string | number,
      key: string,
      params: IssueTagValuesParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<IssueTagValue>> {
      const req: UpstreamRequest = {
        operation: 'issues.tagValues',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/tags/${key}/values/`,
        query: {
          cursor: params.cursor,
          per_page: params.perPage,
          sort: params.sort,
          environment: params.environment,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(IssueTagValueSchema, req, await transport(req));
    },
  };
}
