/**
 * Child process of `train-body-dictionary.ts`: the real `@sentry/node` SDK captures a handful of
 * ordinary server errors (nested calls, a JSON parse error, a failed outgoing HTTP call after some
 * console and HTTP breadcrumbs, an error with a cause) and, instead of sending them, prints each
 * envelope's event as one line of JSON. Nothing leaves the machine.
 */
import { createServer } from 'node:http';
import * as Sentry from '@sentry/node';

const events: unknown[] = [];

Sentry.init({
  dsn: 'http://0123456789abcdef0123456789abcdef@127.0.0.1:9/1',
  release: 'checkout-api@3.2.1',
  environment: 'production',
  tracesSampleRate: 0,
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Dedupe'),
  transport: () => ({
    async send(envelope) {
      for (const [headers, payload] of envelope[1] as Array<[{ type: string }, unknown]>) {
        if (headers.type === 'event') events.push(payload);
      }
      return { statusCode: 200 };
    },
    flush: async () => true,
  }),
});

class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

function chargeCard(amount: number, currency: string): never {
  throw new PaymentDeclinedError(`card declined for ${amount} ${currency}`);
}
function checkout(cart: { total: number }) {
  return chargeCard(cart.total, 'EUR');
}
function handleOrder(userId: string) {
  return checkout({ total: userId.length * 10 });
}

async function main(): Promise<void> {
  const server = createServer((_request, response) => {
    response.statusCode = 503;
    response.end('upstream unavailable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  for (const user of ['u-1842', 'u-77', 'u-3091']) {
    console.log(`processing order for ${user}`);
    try {
      handleOrder(user);
    } catch (error) {
      Sentry.withScope((scope) => {
        scope.setUser({ id: user, email: `${user}@example.com`, ip_address: '203.0.113.7' });
        scope.setTag('tenant', 'acme');
        Sentry.captureException(error);
      });
    }
  }
  try {
    JSON.parse('{"items": [1, 2,');
  } catch (error) {
    Sentry.captureException(error);
  }
  try {
    const response = await fetch(`http://127.0.0.1:${port}/v1/inventory/reserve`, { method: 'POST' });
    if (!response.ok) throw new Error(`inventory service answered ${response.status}`);
  } catch (error) {
    Sentry.captureException(new Error('could not reserve stock', { cause: error }));
  }
  try {
    (undefined as unknown as { id: string }).id;
  } catch (error) {
    Sentry.captureException(error);
  }
  Sentry.captureMessage('slow checkout: 4.2 s', 'warning');
  await Sentry.flush(2000);
  server.close();
  for (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
}

void main();
