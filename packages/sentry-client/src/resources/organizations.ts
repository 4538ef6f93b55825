/**
 * Organization endpoints. `GET /api/0/organizations/` lists only the organizations of the token's
 * user: an org auth token or internal integration sees its own organization through
 * `organizations.get`, and gets an empty or 403 list here (reference §3.1). Members and teams are
 * the assignee picker's sources: assign with `user:<member.user.id>` or `team:<team.id>`.
 */
import {
  type Member,
  MemberSchema,
  type Organization,
  OrganizationSchema,
  type Team,
  TeamSchema,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface OrganizationsListParams {
  cursor?: string;
  query?: string;
}

export interface MembersListParams {
  cursor?: string;
  /** Free text, or `email:<address>`. */
  query?: string;
  perPage?: number;
}

export interface TeamsListParams {
  cursor?: string;
  query?: string;
  perPage?: number;
  /** `false` leaves each team's `projects` out (`detailed=0`), a lighter answer. */
  detailed?: boolean;
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

    async members(
      org: string,
      params: MembersListParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<Member>> {
      const req: UpstreamRequest = {
        operation: 'organizations.members',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/members/`,
        query: { cursor: params.cursor, query: params.query, per_page: params.perPage },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(MemberSchema, req, await transport(req));
    },

    async teams(
      org: string,
      params: TeamsListParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<Team>> {
      const req: UpstreamRequest = {
        operation: 'organizations.teams',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/teams/`,
        query: {
          cursor: params.cursor,
          query: params.query,
          per_page: params.perPage,
          detailed: params.detailed === undefined ? undefined : params.detailed ? '1' : '0',
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(TeamSchema, req, await transport(req));
    },
  };
}
