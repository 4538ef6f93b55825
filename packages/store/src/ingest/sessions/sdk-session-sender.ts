/**
 * A child process that tracks sessions through the real `@sentry/node` SDK, as an application
 * would with `startSession`/`endSession`. The process session is left out so the counts are
 * exactly these four: alice (handled error → errored), bob (clean), carol (unhandled error →
 * crashed), alice again (clean).
 */
import * as Sentry from '@sentry/node';

const dsn = process.env.SENTRY_DSN;
if (!dsn) throw new Error('SENTRY_DSN is required');

Sentry.init({
  dsn,
  release: 'health@1.0.0',
  environment: 'sdk',
  tracesSampleRate: 0,
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'ProcessSession'),
});

// The client marks the session while it processes an event, which is asynchronous: flush before
// ending the session, or the error lands after the session is gone.
async function session(user: string, run: () => void) {
  Sentry.setUser({ id: user });
  Sentry.startSession();
  Sentry.captureSession();
  run();
  await Sentry.flush(5000);
  Sentry.endSession();
}

async function main() {
  await session('alice', () => Sentry.captureException(new Error('handled failure')));
  await session('bob', () => {});
  await session('carol', () =>
    Sentry.captureException(new TypeError('unhandled failure'), {
      mechanism: { type: 'test', handled: false },
    }),
  );
  await session('alice', () => {});
  process.exit((await Sentry.flush(5000)) ? 0 : 1);
}

void main();
