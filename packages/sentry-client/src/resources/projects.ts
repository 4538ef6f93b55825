/**
 * Project endpoints: the organization's projects, and a project's client keys (DSNs), which the
 * built-in store and the setup screens need.
 */
import { type Project, type ProjectKey, ProjectKeySchema, ProjectSchema } from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface ProjectsListParams {
  cursor?: string;
  query?: string;
  /** Sentry's default and maximum is 100. */
  perPage?: number;
}

export interface ProjectKeysParams {
  cursor?: string;
  status?: 'active' | 'inactive';
}

export function projectsResource(transport: Transport) {
  return {
    async list(
      org: string,
      params: ProjectsListParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<Project>> {
      const req: UpstreamRequest = {
        operation: 'projects.list',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/projects/`,
        query: { cursor: params.cursor, query: params.query, per_page: params.perPage },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(ProjectSchema, req, await transport(req));
    },

    async keys(
      org: string,
      project: string,
      params: ProjectKeysParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<ProjectKey>> {
      const req: UpstreamRequest = {
        operation: 'projects.keys',
        method: 'GET',
        path: apiPath`/api/0/projects/${org}/${project}/keys/`,
        query: { cursor: params.cursor, status: params.status },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(ProjectKeySchema, req, await transport(req));
    },
  };
}
