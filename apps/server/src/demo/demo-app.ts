/**
 * A small make-believe shop that fails in realistic ways, instrumented with the real
 * `@sentry/node` SDK. `npm start` runs it once per service against an empty built-in store so
 * the first screen has something to triage. Some errors share a root cause through different
 * call paths (the same bug reached from checkout and from the cart preview), some carry users,
 * and events spread over two releases and two environments.
 *
 * Run as a child process: DEXTER_DEMO_DSN and DEXTER_DEMO_SERVICE in the environment.
 */
import * as Sentry from '@sentry/node';

const dsn = process.env.DEXTER_DEMO_DSN;
const service = process.env.DEXTER_DEMO_SERVICE ?? 'storefront';
if (!dsn) throw new Error('DEXTER_DEMO_DSN is required');

const releases = ['shop@1.4.0', 'shop@1.5.0'];
const environments = ['production', 'staging'];
let round = 0;

Sentry.init({
  dsn,
  serverName: `${service}-1`,
  tracesSampleRate: 0,
  // The demo repeats errors on purpose; the SDK's de-duplication would drop the repeats.
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Dedupe'),
  beforeSend(event) {
    // One process plays several deploys: pick the release and environment per event.
    event.release = releases[round % 2 === 0 ? 0 : 1];
    event.environment = environments[Math.floor(round / 2) % 2];
    return event;
  },
});

class DatabaseTimeoutError extends Error {
  override name = 'DatabaseTimeoutError';
}
class PaymentGatewayError extends Error {
  override name = 'PaymentGatewayError';
}
class ValidationError extends Error {
  override name = 'ValidationError';
}

interface CartLine {
  sku: string;
  product?: { price: number };
  quantity: number;
}

// Root cause shared by two call paths: lines whose product was deleted have no `product`.
function lineTotal(line: CartLine): number {
  return (line.product as { price: number }).price * line.quantity;
}
function computeCartTotal(lines: CartLine[]): number {
  return lines.reduce((sum, line) => sum + lineTotal(line), 0);
}
function checkoutHandler(lines: CartLine[]) {
  return { total: computeCartTotal(lines), currency: 'EUR' };
}
function cartPreviewHandler(lines: CartLine[]) {
  return `${lines.length} items, ${computeCartTotal(lines).toFixed(2)} EUR`;
}

function queryOrders(customerId: number): never {
  throw new DatabaseTimeoutError(
    `query "select * from orders where customer_id = ${customerId}" timed out after 3000ms`,
  );
}
function listOrders(customerId: number) {
  return queryOrders(customerId);
}

function validateSignup(email: string) {
  if (!/^[^@]+@[^@]+\.[a-z]{2,}$/.test(email)) throw new ValidationError(`invalid email address: ${email}`);
}

async function chargeCard(amountCents: number): Promise<never> {
  await Promise.resolve();
  throw new PaymentGatewayError(`gateway answered 502 for charge of ${amountCents} cents`);
}

function renderInvoice(invoice: { lines?: unknown[] }) {
  return invoice.lines!.map((line) => JSON.stringify(line)).join('\n');
}

function parsePage(raw: string) {
  const page = Number(raw);
  if (!Number.isInteger(page) || page < 1)
    throw new RangeError(`page must be a positive integer, got "${raw}"`);
  return page;
}

const brokenCart: CartLine[] = [
  { sku: 'tea-01', product: { price: 4.5 }, quantity: 2 },
  { sku: 'gone-77', quantity: 1 },
];

type Scenario = {
  weight: number;
  withUser: boolean;
  run: () => unknown | Promise<unknown>;
  unhandled?: boolean;
};

const scenarios: Record<string, Scenario[]> = {
  storefront: [
    { weight: 6, withUser: true, run: () => checkoutHandler(brokenCart) },
    { weight: 4, withUser: true, run: () => cartPreviewHandler(brokenCart) },
    { weight: 5, withUser: false, run: () => listOrders(1000 + round) },
    { weight: 3, withUser: true, run: () => validateSignup(`user${round}@example`) },
    { weight: 2, withUser: false, run: () => parsePage(round % 2 ? '-1' : 'abc') },
  ],
  payments: [
    { weight: 5, withUser: true, run: () => chargeCard(1999 + round), unhandled: true },
    { weight: 3, withUser: false, run: () => listOrders(2000 + round) },
  ],
  invoicing: [
    { weight: 4, withUser: false, run: () => renderInvoice({}) },
    { weight: 2, withUser: true, run: () => checkoutHandler(brokenCart) },
  ],
};

const users = Array.from({ length: 12 }, (_, i) => ({
  id: `u-${100 + i}`,
  email: `customer${i}@example.com`,
}));

async function main() {
  const plan = scenarios[service] ?? scenarios.storefront!;
  for (const [index, scenario] of plan.entries()) {
    for (let i = 0; i < scenario.weight * 2; i++) {
      round = i + index;
      Sentry.addBreadcrumb({ category: 'http', message: `GET /api/${service}/${i}`, level: 'info' });
      try {
        await scenario.run();
      } catch (error) {
        Sentry.withScope((scope) => {
          scope.setTag('service', service);
          scope.setUser(scenario.withUser ? (users[(i * 7 + index) % users.length] ?? null) : null);
          Sentry.captureException(
            error,
            scenario.unhandled ? { mechanism: { handled: false, type: 'onunhandledrejection' } } : undefined,
          );
        });
      }
    }
  }
  await Sentry.flush(10_000);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
