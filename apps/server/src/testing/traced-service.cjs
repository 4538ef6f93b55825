'use strict';
/**
 * A small HTTP service instrumented by the real `@sentry/node` SDK with tracing on
 * (tracesSampleRate 1), as an application runs it: CommonJS, so the SDK's HTTP instrumentation
 * hooks `require('node:http')`. `/checkout` (the front service) queries, then calls its
 * downstream's `/charge` over HTTP; `/charge` (the payments service) captures a thrown
 * CardDeclinedError inside its "charge card" span and answers 502 with the error's event id.
 * `/work?ms=N` holds a db.query span for N ms (a transaction of a known length).
 * `/flush` answers once the SDK has sent everything. Prints `LISTENING <port>` when ready.
 */
const Sentry = require('@sentry/node');

const { SENTRY_DSN: dsn, SERVICE_NAME: service = 'service', DOWNSTREAM_URL: downstream } = process.env;
Sentry.init({
  dsn,
  tracesSampleRate: 1,
  release: `${service}@1.0.0`,
  environment: 'test',
  serverName: service,
});

const http = require('node:http');

class CardDeclinedError extends Error {
  name = 'CardDeclinedError';
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

const server = http.createServer((req, res) => {
  const handle = async () => {
    if (req.url === '/flush') return json(res, 200, { flushed: await Sentry.flush(10_000) });
    if (req.url === '/checkout') {
      const traceId = Sentry.getActiveSpan()?.spanContext().traceId ?? null;
      await Sentry.startSpan({ name: 'select * from carts', op: 'db.query' }, () => pause(20));
      const charge = await get(`${downstream}/charge`);
      return json(res, 200, { traceId, charge: { status: charge.status, ...JSON.parse(charge.body) } });
    }
    if (req.url === '/charge') {
      const eventId = await Sentry.startSpan({ name: 'charge card', op: 'function' }, async () => {
        await pause(15);
        try {
          throw new CardDeclinedError('card declined by the issuer');
        } catch (error) {
          return Sentry.captureException(error);
        }
      });
      return json(res, 502, { eventId });
    }
    if (req.url.startsWith('/work?')) {
      // A transaction of a known length (the performance tests' percentiles): a query of ?ms.
      const ms = Number(new URL(req.url, 'http://localhost').searchParams.get('ms'));
      await Sentry.startSpan({ name: 'select * from orders', op: 'db.query' }, () => pause(ms));
      return json(res, 200, { ms });
    }
    return json(res, 404, { detail: 'not found' });
  };
  handle().catch((error) => json(res, 500, { detail: String(error) }));
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close();
  Sentry.flush(5_000).finally(() => process.exit(0));
});
