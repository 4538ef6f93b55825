/**
 * Organization endpoints. `GET /api/0/organizations/` lists only the organizations of the token's
 * user: an org auth token or internal integration sees its own organization through
 * `organizations.get`, and gets an empty or 403 list here (reference §3.1).
 */
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import { type Organization, OrganizationSchema } from '../schemas/organization';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface OrganizationsListParams {
  cursor?: string;
  query?: string;
}

export function organizationsResource(transport: Transport) {
  return {
    async get(org: string, options: CallOptions = {}): Promise<Organization> {
      const req: UpstreamRequest = {
        operation: 'organizations.get',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/`,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(OrganizationSchema, req, await transport(req));
    },

    async list(
      params: OrganizationsListParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<Organization>> {
      const req: UpstreamRequest = {
        operation: 'organizations.list',
        method: 'GET',
        path: apiPath`/api/0/organizations/`,
        query: { cursor: params.cursor, query: params.query },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(OrganizationSchema, req, await transport(req));
    },
  };
}
