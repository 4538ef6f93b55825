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

export const ChatRouteSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  /** Project slug whose new and regressed issues are posted. */
  project: z.string(),
  /** Slack channel id (`C…`) or name; for Teams the webhook's own channel (`webhook`). */
  channel: z.string(),
  createdAt: z.string(),
});
export type ChatRoute = z.infer<typeof ChatRouteSchema>;
export const ChatRouteListSchema = z.object({ items: z.array(ChatRouteSchema) });
export type ChatRouteList = z.infer<typeof ChatRouteListSchema>;

export const ChatRouteCreateSchema = z.object({
  connectionId: z.string().regex(/^\d{1,12}$/, 'must be a numeric connection id'),
  project: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'must be a project slug'),
  channel: z
    .string()
    .trim()
    .regex(/^[#]?[\w.-]{1,80}$/, 'must be a Slack channel id (C0123…) or name'),
});
export type ChatRouteCreate = z.infer<typeof ChatRouteCreateSchema>;

export const ChatTestResultSchema = z.object({ ok: z.boolean(), detail: z.string() });
export type ChatTestResult = z.infer<typeof ChatTestResultSchema>;
