/**
 * Events of one issue, and an event's suspect commits. Upstream quirks: some Sentry versions
 * ignore `per_page` on `/issues/{id}/events/` (callers that trim a page client-side must keep the
 * page's cursor, not invent one); `/events/{id}/committers/` answers 404 not only for an unknown
 * event but also when the issue has no release or its releases no commits.
 */
import {
  type Event,
  type EventCommitters,
  EventCommittersSchema,
  type EventListItem,
  EventListItemSchema,
  EventSchema,
} from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import type { ListResult } from '../pagination';
import { parseBody, parseList } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

/** `latest`, `oldest` and `recommended` are resolved by Sentry; anything else is an event id. */
export type IssueEventId = 'latest' | 'oldest' | 'recommended' | (string & {});

export interface IssueEventsListParams {
  cursor?: string;
  /** Include `entries` (stack traces, breadcrumbs) in each item: heavier, one call instead of N. */
  full?: boolean;
  perPage?: number;
}

export function eventsResource(transport: Transport) {
  return {
    async listForIssue(
      org: string,
      issueId: string | number,
      params: IssueEventsListParams = {},
      options: CallOptions = {},
    ): Promise<ListResult<EventListItem>> {
      const req: UpstreamRequest = {
        operation: 'events.listForIssue',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/events/`,
        // Sent only when true: older Sentry versions test the raw string for truthiness, where
        // `full=false` would read as true.
        query: { cursor: params.cursor, full: params.full ? true : undefined, per_page: params.perPage },
        signal: options.signal,
        priority: options.priority,
      };
      return parseList(EventListItemSchema, req, await transport(req));
    },

    async getForIssue(
      org: string,
      issueId: string | number,
      eventId: IssueEventId,
      options: CallOptions = {},
    ): Promise<Event> {
      const req: UpstreamRequest = {
        operation: 'events.getForIssue',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/issues/${issueId}/events/${eventId}/`,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(EventSchema, req, await transport(req));
    },

    /** Suspect commits of an event (undocumented, `sentry-api-0-event-file-committers`). */
    async committers(
      org: string,
      project: string | number,
      eventId: string,
      options: CallOptions = {},
    ): Promise<EventCommitters> {
      const req: UpstreamRequest = {
        operation: 'events.committers',
        method: 'GET',
        path: apiPath`/api/0/projects/${org}/${project}/events/${eventId}/committers/`,
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(EventCommittersSchema, req, await transport(req));
    },
  };
}
