import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SentryInvalidResponseError,
  SentryNetworkError,
  SentryNotFoundError,
  SentryRateLimitError,
} from './errors';
import { createHttpTransport, type HttpTransport, type HttpTransportOptions } from './http';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real HTTP server on 127.0.0.1:0, closed after the test. */
async function startServer(handler: Handler): Promise<string> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transportFor(baseUrl: string, overrides: Partial<HttpTransportOptions> = {}): HttpTransport {
  const transport = createHttpTransport({
    baseUrl,
    token: 'sntrys_test',
    userAgent: 'dexter-test/1.0',
    ...overrides,
  });
  cleanups.push(() => transport.close());
  return transport;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const get = { operation: 'issues.list', method: 'GET', path: '/api/0/organizations/acme/issues/' } as const;

describe('createHttpTransport', () => {
  it('returns parsed JSON, lower-cased headers, and sends the bearer token and user agent', async () => {
    let seen: IncomingMessage | undefined;
    const url = await startServer((req, res) => {
      seen = req;
      sendJson(res, 200, [{ id: '1' }], { 'X-Hits': '1' });
    });
    const res = await transportFor(url)(get);
    expect(res).toMatchObject({ status: 200, body: [{ id: '1' }], headers: { 'x-hits': '1' } });
    expect(seen?.headers.authorization).toBe('Bearer sntrys_test');
    expect(seen?.headers['user-agent']).toBe('dexter-test/1.0');
    expect(seen?.headers.accept).toBe('application/json');
    expect(seen?.url).toBe('/api/0/organizations/acme/issues/');
  });

  it('encodes query arrays as repeated parameters', async () => {
    let seenUrl = '';
    const url = await startServer((req, res) => {
      seenUrl = req.url ?? '';
      sendJson(res, 200, []);
    });
    await transportFor(url)({
      ...get,
      query: { project: [1, 2], environment: ['prod', 'staging'], query: undefined },
    });
    expect(seenUrl).toBe(
      '/api/0/organizations/acme/issues/?project=1&project=2&environment=prod&environment=staging',
    );
  });

  it('keeps the path prefix of a self-hosted base URL', async () => {
    let seenUrl = '';
    const url = await startServer((req, res) => {
      seenUrl = req.url ?? '';
      sendJson(res, 200, {});
    });
    await transportFor(`${url}/sentry/`)(get);
    expect(seenUrl).toBe('/sentry/api/0/organizations/acme/issues/');
  });

  it('sends a JSON body with a JSON content type', async () => {
    let seen: { contentType?: string; body: string } = { body: '' };
    const url = await startServer((req, res, body) => {
      seen = { contentType: req.headers['content-type'], body };
      sendJson(res, 200, { status: 'resolved' });
    });
    await transportFor(url)({
      operation: 'issues.update',
      method: 'PUT',
      path: '/api/0/x/',
      body: { status: 'resolved' },
    });
    expect(seen).toEqual({ contentType: 'application/json', body: '{"status":"resolved"}' });
  });

  it('returns a null body for 204 No Content', async () => {
    const url = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    expect(await transportFor(url)(get)).toMatchObject({ status: 204, body: null });
  });

  it('refuses a path that did not come from apiPath', async () => {
    const transport = transportFor('http://127.0.0.1:9');
    await expect(transport({ ...get, path: '/organizations/acme/' })).rejects.toThrow(TypeError);
  });

  it('throws the classified error for a non-2xx answer', async () => {
    const url = await startServer((_req, res) =>
      sendJson(res, 404, { detail: 'The requested resource does not exist' }),
    );
    const error = await transportFor(url)(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryNotFoundError);
    expect(error).toMatchObject({ status: 404, detail: 'The requested resource does not exist' });
  });

  it('reads a 429 bare-string body and its reset header', async () => {
    const url = await startServer((_req, res) =>
      sendJson(
        res,
        429,
        'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds',
        {
          'X-Sentry-Rate-Limit-Reset': '1700000001',
        },
      ),
    );
    const error = await transportFor(url)(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryRateLimitError);
    expect(error).toMatchObject({
      resetAt: 1_700_000_001_000,
      detail: expect.stringContaining('too frequently'),
    });
  });

  it('rejects an HTML page served with 200 as an invalid response', async () => {
    const url = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><title>Sign in</title></html>');
    });
    const error = await transportFor(url)(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryInvalidResponseError);
    expect(error).toMatchObject({ reason: 'html', code: 'DEXTER_ERR_UPSTREAM_BAD_RESPONSE', status: 200 });
  });

  it('rejects a truncated JSON body as an invalid response', async () => {
    const url = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[{"id": "1", "title": "Type');
    });
    const error = await transportFor(url)(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryInvalidResponseError);
    expect(error).toMatchObject({ reason: 'not_json', bodySnippet: '[{"id": "1", "title": "Type' });
  });

  it('rejects a body over the size cap without buffering it all', async () => {
    const url = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      res.end(`${'"x",'.repeat(2_000)}"x"]`); // ~8 KB, chunked: no Content-Length to trust
    });
    const error = await transportFor(url, { maxResponseBytes: 1024 })(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryInvalidResponseError);
    expect(error).toMatchObject({ reason: 'too_large' });
  });

  it('maps a connection the server destroys to a network error of kind reset', async () => {
    const url = await startServer((req) => req.socket.destroy());
    const error = await transportFor(url)(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryNetworkError);
    expect(error).toMatchObject({ kind: 'reset', code: 'DEXTER_ERR_UPSTREAM_NETWORK', retryable: true });
  });

  it('maps a body cut short of its Content-Length to a network error of kind reset', async () => {
    const url = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('[{"id":"1"', () => req.socket.destroy());
    });
    const error = await transportFor(url)(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryNetworkError);
    expect(error).toMatchObject({ kind: 'reset' });
  });

  it('maps a server that never answers to a network error of kind timeout', async () => {
    const url = await startServer(() => {
      // Never respond: only the headers timeout can end this request.
    });
    const transport = transportFor(url, { timeouts: { headersMs: 100 } });
    const error = await transport(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryNetworkError);
    expect(error).toMatchObject({
      kind: 'timeout',
      code: 'DEXTER_ERR_UPSTREAM_TIMEOUT',
      causeCode: 'UND_ERR_HEADERS_TIMEOUT',
    });
  });

  it('maps a refused port to a network error of kind connect', async () => {
    const url = await startServer(() => {});
    await cleanups.pop()?.(); // close the server, keeping its now-free port
    const error = await transportFor(url)(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryNetworkError);
    expect(error).toMatchObject({ kind: 'connect', causeCode: 'ECONNREFUSED' });
  });

  it("rethrows the caller's abort as is, since it is not an upstream failure", async () => {
    const url = await startServer(() => {});
    const controller = new AbortController();
    const pending = transportFor(url)({ ...get, signal: controller.signal });
    const reason = new Error('user navigated away');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
