import { z } from 'zod';

/**
 * Topics of the live WebSocket (`/api/v1/live`): an organization, a project of it, or one issue.
 * Every subscription is checked against the subscriber's role when it is made.
 */
const slug = '[A-Za-z0-9][A-Za-z0-9._-]{0,99}';
export const LiveTopicSchema = z
  .string()
  .max(250)
  .regex(
    new RegExp(`^(org:${slug}|project:${slug}/${slug}|issue:${slug}/\\d{1,20})$`),
    'org:<org>, project:<org>/<project> or issue:<org>/<id>',
  );
export type LiveTopic = z.infer<typeof LiveTopicSchema>;

export const LiveClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topic: LiveTopicSchema }),
  z.object({ type: z.literal('unsubscribe'), topic: LiveTopicSchema }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessageSchema>;

export const LiveServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribed'), topic: z.string() }),
  z.object({ type: z.literal('unsubscribed'), topic: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), topic: z.string().optional() }),
]);
export type LiveServerMessage = z.infer<typeof LiveServerMessageSchema>;
