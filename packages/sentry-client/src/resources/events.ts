/**
 * Events of one issue. Upstream quirk (`/issues/{id}/events/`): some Sentry versions ignore
 * `per_page`; callers that trim a page client-side must keep the page's cursor, not invent one.
 */
import { type Event, type EventListItem, EventListItemSchema, EventSchema } from '@dexter/sentry-wire';
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
  };
}
