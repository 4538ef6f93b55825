/**
 * An issue's activity log and comments (Sentry's `GroupActivitiesEndpoint` and
 * `GroupNotesEndpoint`; not in the public spec). Upstream quirks: `/activities/` wraps the list as
 * `{"activity": [...]}` (unwrapped here) and ends with a synthetic `first_seen` entry of id `"0"`;
 * posting the same comment twice within an hour is a 400; only the author may edit or delete a
 * comment (anyone else gets a 404).
 */
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import { type Activity, type Comment, CommentSchema, IssueActivitiesSchema } from '../schemas/activity';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface CommentBody {
  text: string;
}

export function issueActivityMethods(transport: Transport) {
  const request = (
    operation: string,
    method: UpstreamRequest['method'],
    path: string,
    options: CallOptions,
    extra: Partial<UpstreamRequest> = {},
  ): UpstreamRequest => ({
    operation,
    method,
    path,
    signal: options.signal,
    priority: options.priority,
    ...extra,
  });

  return {
    /** Newest first, at most 100 entries. */
    async activities(org: string, issueId: string | number, options: CallOptions = {}): Promise<Activity[]> {
      const req = request(
        'issues.activities',
        'GET',
        apiPath`/api/0/organizations/${org}/issues/${issueId}/activities/`,
        options,
      );
      return parseBody(IssueActivitiesSchema, req, await transport(req)).activity;
    },

    comments: {
      /** Newest first. */
      async list(
        org: string,
        issueId: string | number,
        params: { cursor?: string } = {},
        options: CallOptions = {},
      ): Promise<ListResult<Comment>> {
        const req = request(
          'issues.comments.list',
          'GET',
          apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/`,
          options,
          { query: { cursor: params.cursor } },
        );
        return parseList(CommentSchema, req, await transport(req));
      },

      async create(
        org: string,
        issueId: string | number,
        body: CommentBody,
        options: CallOptions = {},
      ): Promise<Comment> {
        const req = request(
          'issues.comments.create',
          'POST',
          apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/`,
          options,
          { body },
        );
        return parseBody(CommentSchema, req, await transport(req));
      },

      async update(
        org: string,
        issueId: string | number,
        commentId: string | number,
        body: CommentBody,
        options: CallOptions = {},
      ): Promise<Comment> {
        const req = request(
          'issues.comments.update',
          'PUT',
          apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/${commentId}/`,
          options,
          { body },
        );
        return parseBody(CommentSchema, req, await transport(req));
      },

      async delete(
        org: string,
        issueId: string | number,
        commentId: string | number,
        options: CallOptions = {},
      ): Promise<void> {
        await transport(
          request(
            'issues.comments.delete',
            'DELETE',
            apiPath`/api/0/organizations/${org}/issues/${issueId}/comments/${commentId}/`,
            options,
          ),
        );
      },
    },
  };
}
