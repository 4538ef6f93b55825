/**
 * A child process that sends one burst of the same error through the real `@sentry/node` SDK, as
 * an application in trouble would: `COUNT` events of one issue (`FINGERPRINT`), from `USERS`
 * distinct users in turn, in `ENVIRONMENT`. Prints `ACK <event id> <epoch ms>` for every event the
 * server acknowledged with 200 (the fire-latency bench starts its clock there), then exits.
 */
import * as Sentry from '@sentry/node';

const dsn = process.env.SENTRY_DSN;
if (!dsn) throw new Error('SENTRY_DSN is required');
const count = Number(process.env.COUNT ?? '1');
const users = Math.max(1, Number(process.env.USERS ?? '1'));
const fingerprint = process.env.FINGERPRINT ?? 'alert-burst';

Sentry.init({
  dsn,
  release: process.env.RELEASE ?? 'alerts@1.0.0',
  environment: process.env.ENVIRONMENT ?? 'production',
  tracesSampleRate: 0,
  // The same error again and again is the point here: keep every one.
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Dedupe'),
  transport: (options) => {
    const transport = Sentry.makeNodeTransport(options);
    return {
      ...transport,
      async send(envelope) {
        const result = await transport.send(envelope);
        const eventId = (envelope[0] as { event_id?: string }).event_id;
        if (eventId && result.statusCode === 200) process.stdout.write(`ACK ${eventId} ${Date.now()}\n`);
        return result;
      },
    };
  },
});

class CheckoutError extends Error {
  override name = 'CheckoutError';
}

for (let i = 0; i < count; i++) {
  Sentry.withScope((scope) => {
    scope.setFingerprint([fingerprint]);
    scope.setUser({ id: `user-${i % users}` });
    Sentry.captureException(new CheckoutError(`payment provider timed out (${fingerprint})`));
  });
}
await Sentry.flush(10_000);
