/**
 * A child process that reports errors through the real `@sentry/node` SDK for the similarity tests:
 * ONE root cause (a price that does not parse, thrown by `parsePrice`) reached through DIFFERENT call
 * paths, so Sentry-style grouping (every in-app frame hashed) opens one issue per path, plus
 * unrelated errors that must not join it. `ROLE` picks which part this process plays, so one test
 * can run it once per project:
 *   - `shop`:    checkout and cart preview hit the price bug; a missing user and a config
 *                parse error are unrelated;
 *   - `billing`: invoice export hits the same price bug (another project, another path); a
 *                gateway timeout is unrelated.
 * Exits 0 once every event is flushed. Needs SENTRY_DSN.
 */
import * as Sentry from '@sentry/node';

const dsn = process.env.SENTRY_DSN;
const role = process.env.ROLE ?? 'shop';
if (!dsn) throw new Error('SENTRY_DSN is required');

Sentry.init({
  dsn,
  release: 'similarity-test@1.0.0',
  environment: 'test',
  tracesSampleRate: 0,
  // The same error is sent more than once on purpose.
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Dedupe'),
});

class PriceFormatError extends Error {
  override name = 'PriceFormatError';
}
class UserNotFoundError extends Error {
  override name = 'UserNotFoundError';
}
class GatewayTimeoutError extends Error {
  override name = 'GatewayTimeoutError';
}

interface Line {
  sku: string;
  price: string;
  quantity: number;
}

// The root cause: prices imported from a spreadsheet sometimes carry a currency sign.
function parsePrice(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new PriceFormatError(`price "${raw}" is not a number`);
  return value;
}
function lineAmount(line: Line): number {
  return parsePrice(line.price) * line.quantity;
}
function orderTotal(lines: Line[]): number {
  return lines.reduce((sum, line) => sum + lineAmount(line), 0);
}

// Three call paths into the same bug.
function checkoutHandler(lines: Line[]) {
  return { total: orderTotal(lines) };
}
function cartPreviewHandler(lines: Line[]) {
  return `${lines.length} items, ${orderTotal(lines).toFixed(2)}`;
}
function exportInvoiceRow(lines: Line[]) {
  return [lines.map((line) => line.sku).join('+'), orderTotal(lines)].join(';');
}

// Unrelated failures.
function loadUser(id: number): never {
  throw new UserNotFoundError(`user ${id} does not exist`);
}
function readSettings(text: string) {
  return JSON.parse(text) as unknown;
}
async function callGateway(attempt: number): Promise<never> {
  await Promise.resolve();
  throw new GatewayTimeoutError(`payment gateway did not answer within 3000ms (attempt ${attempt})`);
}

const brokenLines = (i: number): Line[] => [
  { sku: `tea-${i}`, price: '4.50', quantity: 2 },
  { sku: `mug-${i}`, price: `€${10 + i}`, quantity: 1 },
];

const plans: Record<string, Array<(i: number) => unknown>> = {
  shop: [
    (i) => checkoutHandler(brokenLines(i)),
    (i) => cartPreviewHandler(brokenLines(i)),
    (i) => loadUser(4000 + i),
    (i) => readSettings(`{"retries": ${i},`),
  ],
  billing: [(i) => exportInvoiceRow(brokenLines(i)), (i) => callGateway(i)],
};

async function main() {
  const plan = plans[role];
  if (!plan) throw new Error(`unknown ROLE ${role}`);
  for (const run of plan) {
    for (let i = 0; i < 3; i++) {
      try {
        await run(i);
      } catch (error) {
        Sentry.withScope((scope) => {
          scope.setUser({ id: `user-${role}-${i}` });
          Sentry.captureException(error);
        });
      }
    }
  }
  if (!(await Sentry.flush(10_000))) throw new Error('events were not flushed');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
