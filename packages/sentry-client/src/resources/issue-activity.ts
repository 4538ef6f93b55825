/**
 * An issue's activity log and comments (Sentry's `GroupActivitiesEndpoint` and
 * `GroupNotesEndpoint`; not in the public spec). Upstream quirks: `/activities/` wraps the list as
 * `{"activity": [...]}` (unwrapped here) and ends with a synthetic `first_seen` entry of id `"0"`;
 * posting the same comment twice within an hour is a 400; only the author may edit or delete a
 * comment (anyone else gets a 404).
 */
import {
  type CommentBody,
  IssueActivitiesSchema,
  type IssueActivity,
  type IssueComment,
  IssueCommentSchema,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export function issueActivityMethods(transport: Transport) {
  return {
    /** Newest first, at most 100 entries. */
    async activities(
      org: string,
      issueId: string | number,
      options: CallOptions = {},
    ): Promise<IssueActivity[]> {
      const req: UpstreamRequest = {
        operation: 'issues.activities',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/activities/`,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(IssueActivitiesSchema, req, await transport(req)).activity;
    },

    comments: {
      /** Newest first. */
      async list(
        org: string,
        issueId: string | number,
        params: { cursor?: string } = {},
        options: CallOptions = {},
      ): Promise<ListResult<IssueComment>> {
        const req: UpstreamRequest = {
          operation: 'issues.comments.list',
          method: 'GET',
          path: apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/`,
          query: { cursor: params.cursor },
          signal: options.signal,
          priority: options.priority,
        };
        return parseList(IssueCommentSchema, req, await transport(req));
      },

      async create(
        org: string,
        issueId: string | number,
        body: CommentBody,
        options: CallOptions = {},
      ): Promise<IssueComment> {
        const req: UpstreamRequest = {
          operation: 'issues.comments.create',
          method: 'POST',
          path: apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/`,
          body,
          signal: options.signal,
          priority: options.priority,
        };
        return parseBody(IssueCommentSchema, req, await transport(req));
      },

      async update(
        org: string,
        issueId: string | number,
        commentId: string | number,
        body: CommentBody,
        options: CallOptions = {},
      ): Promise<IssueComment> {
        const req: UpstreamRequest = {
          operation: 'issues.comments.update',
          method: 'PUT',
          path: apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/${commentId}/`,
          body,
          signal: options.signal,
          priority: options.priority,
        };
        return parseBody(IssueCommentSchema, req, await transport(req));
      },

      async delete(
        org: string,
        issueId: string | number,
        commentId: string | number,
        options: CallOptions = {},
      ): Promise<void> {
        await transport({
          operation: 'issues.comments.delete',
          method: 'DELETE',
          path: apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/${commentId}/`,
          signal: options.signal,
          priority: options.priority,
        });
      },
    },
  };
}
