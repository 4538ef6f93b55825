/**
 * Dexter's alerts API: a project's issue alert rules in the one model (with when each last fired
 * and how often), and the history of deliveries (every action of every firing, with its status).
 */
import { z } from 'zod';
import { AlertRuleSchema } from './alert-rules/alert-rule-model';
import { MetricAlertRuleSchema } from './alert-rules/metric-alert-model';

export const AlertRuleViewSchema = z.object({
  id: z.string(),
  project: z.string(),
  rule: AlertRuleSchema,
  /** ISO time of the latest firing, null if it never fired. */
  lastFired: z.string().nullable(),
  /** Firings Dexter delivered or tried to deliver. */
  fireCount: z.number().int(),
});
export type AlertRuleView = z.infer<typeof AlertRuleViewSchema>;

export const AlertRuleListSchema = z.object({
  items: z.array(AlertRuleViewSchema),
  /** Rules of the upstream that the model cannot hold (made in Sentry with other conditions). */
  unsupported: z.number().int(),
});
export type AlertRuleList = z.infer<typeof AlertRuleListSchema>;

export const AlertDeliveryViewSchema = z.object({
  id: z.string(),
  fireId: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  issueId: z.string(),
  kind: z.enum(['in_app', 'email', 'webhook']),
  target: z.string(),
  /** `snoozed`: the rule was snoozed when it fired, so nothing was sent. */
  status: z.enum(['pending', 'delivered', 'dead', 'snoozed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  firedAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** Why the rule fired ("more than 100 events in 1 hour in production"). */
  reason: z.string(),
});
export type AlertDeliveryView = z.infer<typeof AlertDeliveryViewSchema>;

export const AlertHistoryQuerySchema = z.object({
  rule: z.string().regex(/^\d+$/).optional(),
  status: z.enum(['pending', 'delivered', 'dead', 'snoozed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AlertHistorySchema = z.object({ items: z.array(AlertDeliveryViewSchema) });
export type AlertHistory = z.infer<typeof AlertHistorySchema>;

/** A project's metric alert rule in Dexter's metric model, with its firing counts. */
export const MetricRuleViewSchema = z.object({
  id: z.string(),
  project: z.string(),
  rule: MetricAlertRuleSchema,
  /** Firings (level changes, resolutions included) Dexter delivered or tried to deliver. */
  fireCount: z.number().int(),
});
export type MetricRuleView = z.infer<typeof MetricRuleViewSchema>;

export const MetricRuleListSchema = z.object({
  items: z.array(MetricRuleViewSchema),
  /** Metric rules of the project the model cannot hold (other aggregates, a query). */
  unsupported: z.number().int(),
});
export type MetricRuleList = z.infer<typeof MetricRuleListSchema>;

const metricLevel = z.enum(['ok', 'warning', 'critical']);

/** Where a metric rule would have fired over the last 14 days, judged by the store's own code. */
export const MetricPreviewSchema = z.object({
  stepMinutes: z.number().int(),
  /** [window end (epoch ms), compared value or null when there was nothing to judge]. */
  points: z.array(z.tuple([z.number(), z.number().nullable()])),
  changes: z.array(
    z.object({ at: z.number(), level: metricLevel, previous: metricLevel, value: z.number() }),
  ),
});
export type MetricPreview = z.infer<typeof MetricPreviewSchema>;

/** Snooze a rule's notifications until a time, or for some hours (exactly one of the two). */
export const AlertSnoozeBodySchema = z
  .strictObject({
    until: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' }).optional(),
    hours: z.number().positive().max(8_760, 'at most a year (8760 hours)').optional(),
  })
  .refine((body) => (body.until === undefined) !== (body.hours === undefined), {
    error: 'give either until or hours',
    path: ['until'],
  });

export const AlertSnoozeSchema = z.object({
  kind: z.enum(['issue', 'metric']),
  ruleId: z.string(),
  /** ISO time the snooze ends. */
  until: z.string(),
});
export type AlertSnooze = z.infer<typeof AlertSnoozeSchema>;
export const AlertSnoozeListSchema = z.object({ items: z.array(AlertSnoozeSchema) });
