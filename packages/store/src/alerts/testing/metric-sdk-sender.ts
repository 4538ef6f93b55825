/**
 * A child process that moves a metric through the real `@sentry/node` SDK: `MODE=sessions` sends
 * `COUNT` sessions of which the first `FAILED` crash (an unhandled error), the process session left
 * out; `MODE=transactions` sends `COUNT` transactions of which the first `FAILED` end with status
 * `internal_error`. Release `metrics@1.0.0`, environment `ENVIRONMENT` (default production).
 */
import * as Sentry from '@sentry/node';

const dsn = process.env.SENTRY_DSN;
if (!dsn) throw new Error('SENTRY_DSN is required');
const mode = process.env.MODE;
const count = Number(process.env.COUNT ?? '1');
const failed = Number(process.env.FAILED ?? '0');

Sentry.init({
  dsn,
  release: 'metrics@1.0.0',
  environment: process.env.ENVIRONMENT ?? 'production',
  tracesSampleRate: mode === 'transactions' ? 1 : 0,
  integrations: (defaults) =>
    defaults.filter((integration) => integration.name !== 'ProcessSession' && integration.name !== 'Dedupe'),
});

async function main() {
  for (let i = 0; i < count; i++) {
    if (mode === 'sessions') {
      Sentry.setUser({ id: `user-${i}` });
      Sentry.startSession();
      Sentry.captureSession();
      if (i < failed)
        Sentry.captureException(new TypeError('the app crashed'), {
          mechanism: { type: 'test', handled: false },
        });
      // The client marks the session while it processes the event: flush before ending it.
      await Sentry.flush(5000);
      Sentry.endSession();
    } else {
      Sentry.startSpan({ name: 'POST /checkout', op: 'http.server', forceTransaction: true }, (span) => {
        if (i < failed) span.setStatus({ code: 2, message: 'internal_error' });
      });
    }
  }
  process.exit((await Sentry.flush(10_000)) ? 0 : 1);
}

void main();
