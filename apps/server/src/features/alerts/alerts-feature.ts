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
import { checkWebhookTargets, createAlertRulesService } from './alert-rules-service';
import { createInAppSender, createMailSender, createWebhookSender } from './alert-senders';
import { alertSnoozeRoutes } from './alert-snooze-routes';
import { createAlertSnoozes } from './alert-snoozes';
import { alertsRoutes } from './alerts-routes';
import { metricAlertsRoutes } from './metric-alerts-routes';
import { createMetricRulesService } from './metric-rules-service';
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
  create({ config, store, db, security, feed, now, log, publicUrl, upstream }) {
    const settings = config.alerts;
    const outbox = createAlertOutbox(db);
    const snoozes = createAlertSnoozes(db);
    const signingSecret = webhookSigningSecret(security.keys.encryption);
    const mail = createMailSender({ smtpUrl: settings.smtpUrl, from: settings.mailFrom });
    const webhook = createWebhookSender({ guard: security.guard, secret: signingSecret, now });
    const inApp = createInAppSender(feed);
    const dispatcher = store
      ? createAlertDispatcher({
          port: store.alerts,
          outbox,
          snoozes,
          senders: { webhook, email: mail.send, inApp },
          now,
          publicUrl,
          retryBaseMs: settings.retryBaseMs,
          maxAttempts: settings.maxAttempts,
          pollMs: settings.pollMs,
          log,
        })
      : null;

    const rules = createAlertRulesService({
      sentry: upstream.client,
      guard: security.guard,
      outbox,
      // The built-in store is Dexter's own; a Sentry upstream needs Dexter's Sentry App (not wired yet).
      dexterApp: store ? 'dexter' : null,
    });

    const metrics = createMetricRulesService({
      sentry: upstream.client,
      checkTargets: (actions) => checkWebhookTargets(security.guard, actions),
      outbox,
      store: store ? store.alerts : null,
      dexterAppId: store ? 1 : null,
    });

    return {
      api: async (v1) => {
        await v1.register(alertsRoutes, { rules, outbox });
        await v1.register(metricAlertsRoutes, { metrics });
        await v1.register(alertSnoozeRoutes, { snoozes, now });
      },
      operations: [
        'alerts.rules.list',
        'alerts.rules.create',
        'alerts.rules.update',
        'alerts.rules.delete',
        'alerts.history',
        'alerts.metric.list',
        'alerts.metric.create',
        'alerts.metric.update',
        'alerts.metric.delete',
        'alerts.metric.preview',
        'alerts.snoozes.list',
        'alerts.snoozes.set',
        'alerts.snoozes.clear',
      ],
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
