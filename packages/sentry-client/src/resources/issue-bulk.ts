/**
 * Bulk mutation and removal of issues: `PUT` / `DELETE /api/0/organizations/{org}/issues/`.
 *
 * Upstream quirks:
 * - without `id`, a PUT updates *every* issue matching the query and filters (first 1,000), so
 *   `bulkUpdate` refuses an empty id list, and status-by-query is a separate method that takes
 *   the query explicitly and only a status change;
 * - recent Sentry (`update_groups_with_search_fn`) also falls back to the query when *none* of the
 *   given ids is in scope (deleted meanwhile, another project): with the default `is:unresolved`
 *   that would update up to 1,000 unrelated issues. `bulkUpdate` therefore always sends a query
 *   that matches nothing; Sentry (and the built-in store) ignore it whenever an id matches;
 * - more than 1,000 ids (`BULK_MUTATION_LIMIT`) is refused before anything is sent;
 * - 204 (no issue matched) resolves as null / void.
 */
import {
  BULK_MUTATION_LIMIT,
  type IssueBulkUpdate,
  type IssueBulkUpdateResult,
  IssueBulkUpdateResultSchema,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import { parseBody } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

/** Free text no issue title contains: turns Sentry's "no id matched" fallback into a no-op. */
export const NO_FALLBACK_QUERY = 'dexter-ids-only-5f0c9d2e7a41';

export interface IssuesBulkUpdateParams {
  ids: ReadonlyArray<string | number>;
  /** Narrows the update to these projects, as Dexter's bulk jobs group ids by project. */
  project?: ReadonlyArray<string | number>;
}

export interface IssuesByQueryParams {
  /** Sentry search syntax; required, since Sentry's default (`is:unresolved`) is rarely meant. */
  query: string;
  project?: ReadonlyArray<string | number>;
  environment?: readonly string[];
  /** Which 1,000 issues a query matching more is applied to. */
  sort?: string;
}

export type IssueStatusUpdate = Pick<IssueBulkUpdate, 'substatus' | 'statusDetails'> &
  Required<Pick<IssueBulkUpdate, 'status'>>;

function checkIds(operation: string, ids: ReadonlyArray<unknown>): void {
  if (ids.length === 0 || ids.length > BULK_MUTATION_LIMIT) {
    throw new RangeError(`${operation}: between 1 and ${BULK_MUTATION_LIMIT} ids, got ${ids.length}`);
  }
}

export function issueBulkMethods(transport: Transport) {
  async function put(req: UpstreamRequest): Promise<IssueBulkUpdateResult | null> {
    const res = await transport(req);
    return res.status === 204 || res.body === null ? null : parseBody(IssueBulkUpdateResultSchema, req, res);
  }

  return {
    /** Resolves with the changes Sentry applied, or null when no issue matched (204). */
    async bulkUpdate(
      org: string,
      params: IssuesBulkUpdateParams,
      body: IssueBulkUpdate,
      options: CallOptions = {},
    ): Promise<IssueBulkUpdateResult | null> {
      checkIds('issues.bulkUpdate', params.ids);
      return put({
        operation: 'issues.bulkUpdate',
        method: 'PUT',
        path: apiPath`/api/0/organizations/${org}/issues/`,
        query: { id: params.ids, project: params.project, query: NO_FALLBACK_QUERY },
        body,
        signal: options.signal,
        priority: options.priority,
      });
    },

    /** A status change to the first 1,000 issues matching `query`; null when none matched. */
    async bulkUpdateByQuery(
      org: string,
      params: IssuesByQueryParams,
      body: IssueStatusUpdate,
      options: CallOptions = {},
    ): Promise<IssueBulkUpdateResult | null> {
      return put({
        operation: 'issues.bulkUpdate',
        method: 'PUT',
        path: apiPath`/api/0/organizations/${org}/issues/`,
        query: {
          query: params.query,
          project: params.project,
          environment: params.environment,
          sort: params.sort,
        },
        body,
        signal: options.signal,
        priority: options.priority,
      });
    },

    /** Permanently removes the issues; ids out of scope are skipped. Sentry answers 204 either way. */
    async bulkDelete(org: string, params: IssuesBulkUpdateParams, options: CallOptions = {}): Promise<void> {
      checkIds('issues.bulkDelete', params.ids);
      await transport({
        operation: 'issues.bulkDelete',
        method: 'DELETE',
        path: apiPath`/api/0/organizations/${org}/issues/`,
        query: { id: params.ids, project: params.project },
        signal: options.signal,
        priority: options.priority,
      });
    },
  };
}
