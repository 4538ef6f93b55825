/**
 * Configuration of alert deliveries: the SMTP server that e-mails go through (none: e-mail
 * actions are dead-lettered with that reason), the sender address, how often the outbox is looked
 * at besides the store's wake-ups, and the webhook retry policy (exponential backoff from
 * `DEXTER_ALERT_RETRY_BASE_MS`, dead-lettered after `DEXTER_ALERT_MAX_ATTEMPTS`).
 */
import { z } from 'zod';

export const AlertsEnvSchema = z.object({
  DEXTER_SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: 'an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587',
    })
    .optional(),
  DEXTER_ALERT_MAIL_FROM: z.string().min(3).default('Dexter <alerts@dexter.localhost>'),
  DEXTER_ALERT_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  DEXTER_ALERT_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  DEXTER_ALERT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
});

export interface AlertsConfig {
  smtpUrl: string | null;
  mailFrom: string;
  pollMs: number;
  retryBaseMs: number;
  maxAttempts: number;
}

export const alertsConfigFrom = (env: z.infer<typeof AlertsEnvSchema>): AlertsConfig => ({
  smtpUrl: env.DEXTER_SMTP_URL ?? null,
  mailFrom: env.DEXTER_ALERT_MAIL_FROM,
  pollMs: env.DEXTER_ALERT_POLL_MS,
  retryBaseMs: env.DEXTER_ALERT_RETRY_BASE_MS,
  maxAttempts: env.DEXTER_ALERT_MAX_ATTEMPTS,
});
