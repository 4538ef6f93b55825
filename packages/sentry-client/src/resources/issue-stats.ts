/**
 * Counts and sparkline series of chosen issues: `GET /organizations/{org}/issues-stats/` (not in
 * the public spec), which Sentry's issue stream calls after a list fetched with `collapse=stats`.
 * Upstream quirks: at most 25 issues per call ("Too many groups requested.", refused here before
 * anything is sent) and a tight rate limit (10 requests/s per user and organization), so callers
 * batch by 25 and cache; ids out of scope are left out of the answer.
 */
import {
  type GroupStatsPeriod,
  type IssueStats,
  IssueStatsSchema,
  MAX_ISSUE_STATS_GROUPS,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import { parseBody } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface IssueStatsParams {
  groups: ReadonlyArray<string | number>;
  /** Which series: `24h` (hourly, the default), `14d` (daily), `auto`, or `''` for none. */
  groupStatsPeriod?: GroupStatsPeriod;
  statsPeriod?: string;
  start?: string;
  end?: string;
  project?: ReadonlyArray<string | number>;
  environment?: readonly string[];
}

export function issueStatsMethods(transport: Transport) {
  return {
    async stats(org: string, params: IssueStatsParams, options: CallOptions = {}): Promise<IssueStats[]> {
      if (params.groups.length === 0 || params.groups.length > MAX_ISSUE_STATS_GROUPS) {
        throw new RangeError(
          `issues.stats: between 1 and ${MAX_ISSUE_STATS_GROUPS} issues, got ${params.groups.length}`,
        );
      }
      const req: UpstreamRequest = {
        operation: 'issues.stats',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues-stats/`,
        query: {
          groups: params.groups,
          groupStatsPeriod: params.groupStatsPeriod,
          statsPeriod: params.statsPeriod,
          start: params.start,
          end: params.end,
          project: params.project,
          environment: params.environment,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(IssueStatsSchema.array(), req, await transport(req));
    },
  };
}
