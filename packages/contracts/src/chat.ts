/**
 * Slack and Microsoft Teams (issue 19): chat connections (Slack bot token and signing secret, or a
 * Teams incoming-webhook / Workflows URL, all sealed), routes that send a project's issues to a
 * channel, and the endpoints Slack calls (interactivity, events) per connection.
 */
import { z } from 'zod';

export const CHAT_KINDS = ['slack', 'teams'] as const;
export const ChatKindSchema = z.enum(CHAT_KINDS);
export type ChatKind = z.infer<typeof ChatKindSchema>;

export const ChatConnectionSchema = z.object({
  id: z.string(),
  kind: ChatKindSchema,
  name: z.string(),
  /** Slack: the Web API base URL (`https://slack.com/api/` unless set); null for Teams. */
  apiUrl: z.string().nullable(),
  /** Slack: the bot user the token belongs to (its own messages are never mirrored). */
  botUserId: z.string().nullable(),
  /** Slack: where to point the app's Interactivity and Event Subscriptions request URLs. */
  interactivityUrl: z.string().nullable(),
  eventsUrl: z.string().nullable(),
  /** Teams: the callback URL to give an outgoing webhook (commands, verified by their HMAC). */
  outgoingWebhookUrl: z.string().nullable(),
  createdAt: z.string(),
});
export type ChatConnection = z.infer<typeof ChatConnectionSchema>;
export const ChatConnectionListSchema = z.object({ items: z.array(ChatConnectionSchema) });
export type ChatConnectionList = z.infer<typeof ChatConnectionListSchema>;

const Name = z.string().trim().min(1).max(100);
const Secret = z.string().trim().min(1).max(4096);

export const ChatConnectionCreateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('slack'),
    name: Name,
    /** A bot token (`xoxb-…`). */
    botToken: Secret.regex(/^xox[bp]-/, 'must be a Slack bot token (xoxb-…)'),
    signingSecret: Secret,
    /** Default `https://slack.com/api/`; tests point it at a local fake. */
    apiUrl: z.string().trim().min(1).max(2000).optional(),
  }),
  z.object({
    kind: z.literal('teams'),
    name: Name,
    /** The incoming-webhook or Workflows ("When a Teams webhook request is received") URL. */
    webhookUrl: z.string().trim().min(1).max(2000),
    /** The security token Teams shows when an outgoing webhook is created (base64), to verify its HMAC. */
    outgoingToken: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9+/]{16,}={0,2}$/, 'must be the base64 security token Teams showed')
      .optional(),
  }),
]);
export type ChatConnectionCreate = z.infer<typeof ChatConnectionCreateSchema>;

export const ChatConnectionParamsSchema = z.object({
  org: z.string().min(1).max(100),
  connectionId: z.string().regex(/^\d{1,12}$/, 'must be a numeric connection id'),
});

export const CHAT_DIGESTS = ['off', 'hourly', 'daily'] as const;
export const ChatDigestSchema = z.enum(CHAT_DIGESTS);

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM (00:00-23:59)');

/** Quiet hours: messages are held from `start` to `end` (local time in `timeZone`) and sent as one digest. */
export const ChatQuietHoursSchema = z.object({
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: z.string().trim().min(1).max(64),
  start: ClockTime,
  end: ClockTime,
});
export type ChatQuietHours = z.infer<typeof ChatQuietHoursSchema>;

export const ChatRouteSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  /** Project slug whose new and regressed issues are posted; null when the route matches a team or rule. */
  project: z.string().nullable(),
  /** Team slug: issues assigned to the team are posted. */
  team: z.string().nullable(),
  /** Alert rule id: its firings are posted. */
  alertRule: z.string().nullable(),
  /** Slack channel id (`C…`) or name; for Teams the webhook's own channel (`webhook`). */
  channel: z.string(),
  quietHours: ChatQuietHoursSchema.nullable(),
  /** `hourly`/`daily`: messages are collected and sent as one digest per period. */
  digest: ChatDigestSchema,
  createdAt: z.string(),
});
export type ChatRoute = z.infer<typeof ChatRouteSchema>;
export const ChatRouteListSchema = z.object({ items: z.array(ChatRouteSchema) });
export type ChatRouteList = z.infer<typeof ChatRouteListSchema>;

const Slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'must be a slug');

export const ChatRouteCreateSchema = z
  .object({
    connectionId: z.string().regex(/^\d{1,12}$/, 'must be a numeric connection id'),
    project: Slug.optional(),
    team: Slug.optional(),
    alertRule: z
      .string()
      .trim()
      .regex(/^\d{1,12}$/, 'must be a numeric alert rule id')
      .optional(),
    channel: z
      .string()
      .trim()
      .regex(/^[#]?[\w.-]{1,80}$/, 'must be a Slack channel id (C0123…) or name'),
    quietHours: ChatQuietHoursSchema.nullable().optional(),
    digest: ChatDigestSchema.default('off'),
  })
  .refine((route) => [route.project, route.team, route.alertRule].filter(Boolean).length === 1, {
    message: 'give exactly one of project, team or alertRule',
    path: ['project'],
  });
export type ChatRouteCreate = z.input<typeof ChatRouteCreateSchema>;

export const CHAT_DELIVERY_STATUSES = ['pending', 'held', 'digested', 'delivered', 'dead'] as const;
export const ChatDeliveryStatusSchema = z.enum(CHAT_DELIVERY_STATUSES);

/** One message in the delivery log. */
export const ChatDeliverySchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  channel: z.string(),
  /** `issue`: a notification; `status`: a thread update; `digest`: held messages as one; `dm`: to an assignee. */
  kind: z.enum(['issue', 'status', 'digest', 'dm']),
  issueId: z.string().nullable(),
  reason: z.string(),
  status: ChatDeliveryStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** When it is due (pending, held) or was last due. */
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type ChatDelivery = z.infer<typeof ChatDeliverySchema>;
export const ChatDeliveryListSchema = z.object({ items: z.array(ChatDeliverySchema) });
export const ChatDeliveryQuerySchema = z.object({
  status: ChatDeliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ChatTestResultSchema = z.object({ ok: z.boolean(), detail: z.string() });
export type ChatTestResult = z.infer<typeof ChatTestResultSchema>;
