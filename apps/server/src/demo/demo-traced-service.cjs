'use strict';
/**
 * One service of the demo's traced shop, instrumented by the real `@sentry/node` SDK with tracing
 * on (tracesSampleRate 1): CommonJS, so the SDK's HTTP instrumentation hooks `require('node:http')`
 * as it does in an application. `demo-traces.ts` runs it twice: the storefront (`/products`,
 * `/checkout`, which queries, reads the cache and calls the payments service over HTTP) and
 * payments (`/charge`: a fraud check, a query, and one card in eight declined, captured inside
 * its span). Durations vary per request so the performance pages have a spread to show.
 * `/flush` answers once the SDK has sent everything. Prints `LISTENING <port>` when ready.
 */
const Sentry = require('@sentry/node');

const {
  DEXTER_DEMO_DSN: dsn,
  DEXTER_DEMO_SERVICE: service = 'storefront',
  DEXTER_DEMO_RELEASE: release,
  DEXTER_DEMO_DOWNSTREAM: downstream,
} = process.env;
Sentry.init({ dsn, tracesSampleRate: 1, release, environment: 'production', serverName: `${service}-1` });

const http = require('node:http');

class CardDeclinedError extends Error {
  name = 'CardDeclinedError';
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// A request's own length: mostly short, now and then slow, as real traffic.
const jitter = (base) => Math.round(base * (0.6 + Math.random() * 0.8) * (Math.random() < 0.08 ? 4 : 1));

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode, body }));
      })
      .on('error', reject);
  });
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const db = (statement, ms) =>
  Sentry.startSpan({ name: statement, op: 'db.query', attributes: { 'db.system': 'postgresql' } }, () =>
    pause(ms),
  );

const routes = {
  '/products': async () => {
    await db('select id, name, price from products where visible = true limit 20', jitter(18));
    await Sentry.startSpan({ name: 'render product list', op: 'function' }, () => pause(jitter(6)));
    return [200, { products: 20 }];
  },
  '/checkout': async () => {
    await db('select * from carts where id = $1', jitter(12));
    await Sentry.startSpan({ name: 'cart:{id}', op: 'cache.get' }, () => pause(jitter(3)));
    const charge = await get(`${downstream}/charge`);
    await db('insert into orders (cart_id, total) values ($1, $2)', jitter(9));
    return [charge.status === 200 ? 200 : 402, { charge: JSON.parse(charge.body) }];
  },
  '/charge': async () => {
    await Sentry.startSpan({ name: 'fraud check', op: 'function' }, () => pause(jitter(25)));
    await db('select balance from accounts where id = $1 for update', jitter(15));
    if (Math.random() < 0.125) {
      const eventId = await Sentry.startSpan({ name: 'charge card', op: 'http.client' }, async () => {
        await pause(jitter(40));
        try {
          throw new CardDeclinedError('card declined by the issuer');
        } catch (error) {
          return Sentry.captureException(error);
        }
      });
      return [502, { declined: true, eventId }];
    }
    await Sentry.startSpan({ name: 'charge card', op: 'http.client' }, () => pause(jitter(40)));
    return [200, { charged: true }];
  },
};

const server = http.createServer((req, res) => {
  const handle = async () => {
    if (req.url === '/flush') return json(res, 200, { flushed: await Sentry.flush(15_000) });
    const route = routes[req.url];
    if (!route) return json(res, 404, { detail: 'not found' });
    const [status, body] = await route();
    return json(res, status, body);
  };
  handle().catch((error) => json(res, 500, { detail: String(error) }));
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close();
  Sentry.flush(5_000).finally(() => process.exit(0));
});
