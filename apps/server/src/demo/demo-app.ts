/**
 * A small make-believe shop that fails in realistic ways, instrumented with the real
 * `@sentry/node` SDK. `npm start` runs it once per service against an empty built-in store so
 * the first screen has something to triage. Some errors share a root cause through different
 * call paths (the same bug reached from checkout and from the cart preview), some carry users,
 * and two weeks of errors and three days of sessions spread over three releases and two
 * environments as `demo-schedule.ts` plans them, each sent with its planned time.
 *
 * Run as a child process: DEXTER_DEMO_DSN and DEXTER_DEMO_SERVICE in the environment.
 */
import * as Sentry from '@sentry/node';
import { DEMO_USER_COUNT, scheduleErrors, scheduleSessions } from './demo-schedule';

const dsn = process.env.DEXTER_DEMO_DSN;
const service = process.env.DEXTER_DEMO_SERVICE ?? 'storefront';
if (!dsn) throw new Error('DEXTER_DEMO_DSN is required');

const now = Date.now();
const FLUSH_EVERY = 25;
const FLUSH_TIMEOUT_MS = 30_000;

interface DemoHint {
  at: number;
  release: string;
  environment: string;
}

Sentry.init({
  dsn,
  serverName: `${service}-1`,
  tracesSampleRate: 0,
  // The demo repeats errors on purpose; the SDK's de-duplication would drop the repeats.
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Dedupe'),
  beforeSend(event, hint) {
    // One process plays two weeks of several deploys: each capture says when and where it happened.
    const demo = hint.data as DemoHint | undefined;
    if (demo) {
      event.timestamp = demo.at / 1000;
      event.release = demo.release;
      event.environment = demo.environment;
    }
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

let round = 0;
const scenarios: Record<string, () => unknown> = {
  checkout: () => checkoutHandler(brokenCart),
  'cart-preview': () => cartPreviewHandler(brokenCart),
  'list-orders': () => listOrders(1000 + (round % 500)),
  signup: () => validateSignup(`user${round % 50}@example`),
  'parse-page': () => parsePage(round % 2 ? '-1' : 'abc'),
  'charge-card': () => chargeCard(1999 + (round % 300)),
  'render-invoice': () => renderInvoice({}),
};

/**
 * Public addresses whose country the store's offline database knows (US, BR, DE, GB, IN, JP, NL,
 * ZA, CA), most customers in the first few, so the geographic map has a shape. The store derives
 * `user.geo` from them at ingest, as Sentry does.
 */
const CUSTOMER_ADDRESSES = [
  '8.8.8.8',
  '200.147.67.142',
  '85.214.132.117',
  '8.8.4.4',
  '177.71.128.1',
  '81.2.69.142',
  '49.36.0.1',
  '133.11.0.1',
  '91.198.174.192',
  '41.0.0.1',
  '103.21.244.1',
];
const users = Array.from({ length: DEMO_USER_COUNT }, (_, i) => ({
  id: `u-${100 + i}`,
  email: `customer${i}@example.com`,
  ip_address: CUSTOMER_ADDRESSES[Math.min(i % 17, i % CUSTOMER_ADDRESSES.length)],
}));

async function sendErrors() {
  // Start from a macrotask, so that every capture has the same stack shape and so the same issue:
  // before the first real wait, stacks would also hold the module loader's frames.
  await new Promise((resolve) => setImmediate(resolve));
  for (const scheduled of scheduleErrors(service, now)) {
    round++;
    const { scenario } = scheduled;
    Sentry.addBreadcrumb({
      category: 'http',
      message: `GET /api/${service}/${round}`,
      level: 'info',
      timestamp: scheduled.at / 1000,
    });
    try {
      await scenarios[scenario.name]!();
    } catch (error) {
      Sentry.withScope((scope) => {
        scope.setTag('service', service);
        scope.setUser(scenario.withUser ? (users[scheduled.user] ?? null) : null);
        const data: DemoHint = {
          at: scheduled.at,
          release: scheduled.release,
          environment: scheduled.environment,
        };
        Sentry.captureException(error, {
          data,
          ...(scenario.unhandled ? { mechanism: { handled: false, type: 'onunhandledrejection' } } : {}),
        });
      });
    }
    // The SDK's transport drops what exceeds its queue of 64 requests: let it drain often.
    if (round % FLUSH_EVERY === 0) await Sentry.flush(FLUSH_TIMEOUT_MS);
  }
}

/** Release health: sessions started, and ended cleanly, with errors or in a crash. */
async function sendSessions() {
  for (const [index, scheduled] of scheduleSessions(service, now).entries()) {
    const session = Sentry.startSession({
      release: scheduled.release,
      environment: scheduled.environment,
      did: users[scheduled.user]!.id,
      // The SDK types leave `started` out, but honour it: the session happened in the past.
      ...({ started: scheduled.started / 1000 } as object),
    });
    if (scheduled.status !== 'exited') {
      session.errors = 1;
      session.status = scheduled.status === 'crashed' ? 'crashed' : 'ok';
    }
    Sentry.endSession();
    if (index % FLUSH_EVERY === FLUSH_EVERY - 1) await Sentry.flush(FLUSH_TIMEOUT_MS);
  }
}

async function main() {
  await sendErrors();
  await sendSessions();
  await Sentry.flush(FLUSH_TIMEOUT_MS);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
