/**
 * What a Sentry webhook means for live clients (sentry-api.md §4). The payloads are parsed
 * leniently (every field may be missing) and only what a live message needs is read:
 *
 * - `issue` (`data.issue`, camelCase like the API): `created` → `issue.created`; `resolved`,
 *   `unresolved`, `ignored`/`archived`, `assigned` → `issue.updated`;
 * - `error` `created` (`data.error`, snake_case raw event with `issue_id`) → one count;
 * - `event_alert` `triggered` (`data.event.issue_id`, `data.triggered_rule`) → `alert.fired`;
 * - `metric_alert` `critical`/`warning`/`resolved`/`open` (`data.metric_alert`) → `alert.fired`.
 *
 * Anything else (comments, installations, Seer...) produces nothing. The organization is the one
 * Dexter serves (`SENTRY_ORG`): one integration, and one client secret, belong to one org.
 */
import type { Change } from '@dexter/change-feed';
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();

const EnvelopeSchema = z.looseObject({ action: z.string(), data: z.looseObject({}) });

const IssueDataSchema = z.looseObject({
  issue: z.looseObject({
    id,
    shortId: text,
    title: text,
    level: text,
    status: text,
    project: z.looseObject({ slug: text }).nullish(),
  }),
});
const ErrorDataSchema = z.looseObject({ error: z.looseObject({ issue_id: id, event_id: text }) });
const EventAlertDataSchema = z.looseObject({
  event: z.looseObject({ issue_id: id.nullish(), title: text }).nullish(),
  triggered_rule: text,
});
const MetricAlertDataSchema = z.looseObject({
  metric_alert: z.looseObject({ title: text }).nullish(),
  description_title: text,
});

/** The issue a payload is about, for the redelivery key; null when it is about none. */
export function webhookIssueId(body: unknown): string | null {
  const data = EnvelopeSchema.safeParse(body).data?.data as Record<string, unknown> | undefined;
  const issue = IssueDataSchema.safeParse(data).data?.issue.id;
  return issue ?? ErrorDataSchema.safeParse(data).data?.error.issue_id ?? null;
}

export function changesFromWebhook(resource: string, body: unknown, org: string): Change[] {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) return [];
  const { action, data } = envelope.data;
  switch (resource) {
    case 'issue': {
      const issue = IssueDataSchema.safeParse(data).data?.issue;
      if (!issue) return [];
      const ref = { org, project: issue.project?.slug ?? null, issueId: issue.id };
      if (action === 'created') {
        return [
          {
            type: 'issue.created',
            ...ref,
            title: issue.title ?? '',
            shortId: issue.shortId ?? null,
            level: issue.level ?? null,
            eventId: null,
          },
        ];
      }
      return [{ type: 'issue.updated', ...ref, action, status: issue.status ?? null, origin: 'upstream' }];
    }
    case 'error': {
      const error = ErrorDataSchema.safeParse(data).data?.error;
      if (!error || action !== 'created') return [];
      return [{ type: 'issue.counts', org, counts: [{ issueId: error.issue_id, project: null, events: 1 }] }];
    }
    case 'event_alert': {
      const alert = EventAlertDataSchema.safeParse(data).data;
      if (!alert) return [];
      const title = alert.triggered_rule ?? alert.event?.title ?? 'Issue alert';
      return [
        {
          type: 'alert.fired',
          org,
          kind: 'issue',
          title,
          status: null,
          issueId: alert.event?.issue_id ?? null,
        },
      ];
    }
    case 'metric_alert': {
      const alert = MetricAlertDataSchema.safeParse(data).data;
      if (!alert) return [];
      const title = alert.metric_alert?.title ?? alert.description_title ?? 'Metric alert';
      return [{ type: 'alert.fired', org, kind: 'metric', title, status: action, issueId: null }];
    }
    default:
      return [];
  }
}
