/**
 * Configuration of live updates: the Sentry webhook secret (HMAC key of `Sentry-Hook-Signature`),
 * the companion-mode poller's base interval (used when no webhook is configured; the poller
 * stretches it when the rate budget runs low), and the WebSocket heartbeat.
 */
import { z } from 'zod';

export const LiveEnvSchema = z.object({
  DEXTER_SENTRY_WEBHOOK_SECRET: z
    .string()
    .min(16, 'the client secret of the Sentry integration (at least 16 characters)')
    .optional(),
  DEXTER_LIVE_POLL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(15_000),
  DEXTER_LIVE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
});

export interface LiveConfig {
  /** Null: `POST /api/v1/webhooks/sentry` answers 404, and companion mode polls instead. */
  webhookSecret: string | null;
  pollMs: number;
  /** A socket that misses one ping for this long is terminated. */
  heartbeatMs: number;
}

export const liveConfigFrom = (env: z.infer<typeof LiveEnvSchema>): LiveConfig => ({
  webhookSecret: env.DEXTER_SENTRY_WEBHOOK_SECRET ?? null,
  pollMs: env.DEXTER_LIVE_POLL_MS,
  heartbeatMs: env.DEXTER_LIVE_HEARTBEAT_MS,
});
