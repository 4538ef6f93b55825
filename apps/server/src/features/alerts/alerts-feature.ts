/**
 * Alerts: delivers the firings of the built-in store's rules (the store evaluates them on ingest
 * and records each firing in the events' transaction) from a durable outbox in Dexter's database:
 * signed webhooks through the SSRF guard, e-mail over SMTP, and in-app notifications (`alert.fired`
 * on the change feed, which the live feature sends to browsers). In companion mode Sentry fires
 * its own rules; delivering those (its `event_alert` webhooks) is not done yet.
 */
import { defineFeature } from '../../platform/feature-module';
import { createAlertDispatcher } from './alert-dispatcher';
import { createAlertOutbox } from './alert-outbox';
import { createInAppSender, createMailSender, createWebhookSender } from './alert-senders';
import { webhookSigningSecret } from './webhook-signature';

export interface AlertsHandle {
  /** Runs a delivery cycle now: queue new firings, send what is due. */
  deliverNow(): Promise<void>;
  /** The key receivers verify `X-Dexter-Signature` with. */
  signingSecret: string;
  outbox: ReturnType<typeof createAlertOutbox>;
}

export const alertsFeature = defineFeature<AlertsHandle>({
  name: 'alerts',
  publishes: ['alert.fired'],
  create({ config, store, db, security, feed, now, log, publicUrl }) {
    const settings = config.alerts;
    const outbox = createAlertOutbox(db);
    const signingSecret = webhookSigningSecret(security.keys.encryption);
    const mail = createMailSender({ smtpUrl: settings.smtpUrl, from: settings.mailFrom });
    const webhook = createWebhookSender({ guard: security.guard, secret: signingSecret, now });
    const inApp = createInAppSender(feed);
    const dispatcher = store
      ? createAlertDispatcher({
          port: store.alerts,
          outbox,
          senders: { webhook, email: mail.send, inApp },
          now,
          publicUrl,
          retryBaseMs: settings.retryBaseMs,
          maxAttempts: settings.maxAttempts,
          pollMs: settings.pollMs,
          log,
        })
      : null;

    return {
      start() {
        dispatcher?.start();
      },
      async stop() {
        await dispatcher?.stop();
        mail.close();
      },
      handle: {
        deliverNow: async () => {
          await dispatcher?.kick();
        },
        signingSecret,
        outbox,
      },
    };
  },
});
