/**
 * Release endpoints, organization-scoped: the release list, one release, and its deploys.
 *
 * Upstream quirks (`/api/0/organizations/{org}/releases/`):
 * - `query` matches a version prefix (case-insensitive); `project` takes project ids, repeated;
 * - a version may hold characters that need encoding (`+`, `@`, spaces), but never `/`: `apiPath`
 *   encodes each segment and refuses `.` and `..`, which Sentry refuses as versions too.
 */
import {
  type Commit,
  CommitSchema,
  type Deploy,
  DeploySchema,
  type Issue,
  IssueListItemSchema,
  type Release,
  ReleaseSchema,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface ReleasesListParams {
  /** A version prefix. */
  query?: string;
  /** Project ids. */
  project?: ReadonlyArray<string | number>;
  cursor?: string;
  /** Page size, at most 100. */
  perPage?: number;
  /** `health=1`: each project carries `healthData` over `healthStatsPeriod`. */
  health?: boolean;
  healthStatsPeriod?: '24h' | '14d';
  environment?: readonly string[];
}

export function releasesResource(transport: Transport) {
  return {
    async list(
      org: string,
      params: ReleasesListParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<Release>> {
      const req: UpstreamRequest = {
        operation: 'releases.list',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/releases/`,
        query: {
          query: params.query,
          project: params.project,
          cursor: params.cursor,
          per_page: params.perPage,
          health: params.health ? 1 : undefined,
          healthStatsPeriod: params.health ? params.healthStatsPeriod : undefined,
          environment: params.environment,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(ReleaseSchema, req, await transport(req));
    },

    async get(org: string, version: string, options: CallOptions = {}): Promise<Release> {
      const req: UpstreamRequest = {
        operation: 'releases.get',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/releases/${version}/`,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(ReleaseSchema, req, await transport(req));
    },

    /** The release's deploys, newest first. */
    async deploys(
      org: string,
      version: string,
      params: { cursor?: string } = {},
      options: CallOptions = {},
    ): Promise<ListResult<Deploy>> {
      const req: UpstreamRequest = {
        operation: 'releases.deploys',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/releases/${version}/deploys/`,
        query: { cursor: params.cursor },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(DeploySchema, req, await transport(req));
    },

    /** The release's commits, newest first, with their authors. */
    async commits(
      org: string,
      version: string,
      params: { cursor?: string } = {},
      options: CallOptions = {},
    ): Promise<ListResult<Commit>> {
      const req: UpstreamRequest = {
        operation: 'releases.commits',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/releases/${version}/commits/`,
        query: { cursor: params.cursor },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(CommitSchema, req, await transport(req));
    },

    /**
     * Issues resolved in this release (undocumented, `sentry-api-0-organization-release-resolved`):
     * a 404 from an upstream that does not serve it reaches the caller as `SentryNotFoundError`.
     */
    async resolved(org: string, version: string, options: CallOptions = {}): Promise<Issue[]> {
      const req: UpstreamRequest = {
        operation: 'releases.resolved',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/releases/${version}/resolved/`,
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(IssueListItemSchema, req, await transport(req)).data;
    },
  };
}
