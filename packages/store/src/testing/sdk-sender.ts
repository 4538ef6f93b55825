/**
 * A child process that sends errors through the real `@sentry/node` SDK, as an application
 * would. Scenario "mixed" (default): the same handled error through the same stack three times
 * (two distinct users), a different error once, one error whose payload exceeds 32 KiB (so the
 * SDK gzips it), then an uncaught exception that the SDK reports as unhandled before the process
 * exits. Scenario "stream": keeps sending distinct events and prints the id of every event the
 * server acknowledged with 200, one per line (`ACK <id>`), until killed.
 */
import * as Sentry from '@sentry/node';

const dsn = process.env.SENTRY_DSN;
const scenario = process.env.SCENARIO ?? 'mixed';
if (!dsn) throw new Error('SENTRY_DSN is required');

Sentry.init({
  dsn,
  release: 'sdk-test@1.0.0',
  environment: 'test',
  tracesSampleRate: 0,
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Dedupe'),
  transport: (options) => {
    const transport = Sentry.makeNodeTransport(options);
    return {
      ...transport,
      async send(envelope) {
        const result = await transport.send(envelope);
        const eventId = (envelope[0] as { event_id?: string }).event_id;
        if (eventId && result.statusCode === 200) process.stdout.write(`ACK ${eventId}\n`);
        return result;
      },
    };
  },
});

class InventoryError extends Error {
  override name = 'InventoryError';
}

function reserveStock(sku: string): never {
  throw new InventoryError(`no stock left for ${sku}`);
}

function placeOrder(sku: string) {
  reserveStock(sku);
}

function parseConfig(text: string) {
  return JSON.parse(text) as unknown;
}

async function mixed() {
  for (const [i, user] of ['alice', 'bob', 'alice'].entries()) {
    try {
      placeOrder(`sku-${i}`);
    } catch (error) {
      Sentry.withScope((scope) => {
        scope.setUser({ id: user });
        Sentry.captureException(error);
      });
    }
  }
  try {
    parseConfig('{not json');
  } catch (error) {
    Sentry.captureException(error);
  }
  try {
    throw new RangeError('payload too big to ignore');
  } catch (error) {
    Sentry.withScope((scope) => {
      scope.setExtra('blob', 'x'.repeat(40 * 1024));
      Sentry.captureException(error);
    });
  }
  await Sentry.flush(5000);
  setTimeout(() => {
    throw new TypeError('unhandled crash in worker');
  }, 10);
}

async function stream() {
  for (let i = 0; ; i++) {
    Sentry.captureException(new Error(`stream error ${i}`));
    if (i % 20 === 0) await Sentry.flush(1000);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

void (scenario === 'stream' ? stream() : mixed());
