/**
 * Captures the demo's session replay once, from the real `@sentry/browser` SDK with its
 * `replayIntegration` (text masked by default) in Debian's Chromium: a small storefront page
 * is served on 127.0.0.1 with its DSN pointing back at this script, Chromium adds a mug to the
 * cart, types a card holder, fetches the price and clicks "Pay", which throws. Every envelope
 * the SDK sends is kept: the rrweb events of its replay segments (inflated when the SDK's worker
 * compressed them) and the error event, tagged with the replay. They are written to
 * `demo-replay.json`, which `demo-replay.ts` sends to the store at each demo seeding with its
 * times moved to the present. The page's local address is written as https://shop.example, the
 * storefront a user would have been on.
 *
 *   npx tsx apps/server/src/demo/capture-demo-replay.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const output = fileURLToPath(new URL('./demo-replay.json', import.meta.url));

const PAGE_SCRIPT = (dsn: string) => `
import * as Sentry from '@sentry/browser';
Sentry.init({
  dsn: ${JSON.stringify(dsn)},
  release: 'shop@1.5.0',
  environment: 'production',
  integrations: [Sentry.replayIntegration()],
  replaysSessionSampleRate: 1,
  replaysOnErrorSampleRate: 1,
});
window.flushReplay = () => Sentry.getReplay().flush();
window.replayId = () => Sentry.getReplay().getReplayId();
document.getElementById('add').addEventListener('click', () => {
  document.getElementById('cart').textContent = 'Cart: 1 item (Blue mug, 12.50 EUR)';
  console.log('cart updated', 1);
});
document.getElementById('price').addEventListener('click', async () => {
  const res = await fetch('/api/cart/total');
  document.getElementById('total').textContent = 'Total: ' + (await res.json()).total;
});
document.getElementById('pay').addEventListener('click', () => {
  const cart = { lines: [{ sku: 'MUG-BLUE', quantity: 1 }] };
  // The same bug as the demo's backend: a line whose product was deleted.
  return cart.lines[0].product.price;
});
`;

const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Storefront checkout</title>
<style>body{font:16px sans-serif;margin:40px;color:#222}button{margin:8px;padding:8px 16px}
.card{border:1px solid #ccc;border-radius:8px;padding:16px;max-width:420px}</style></head>
<body><h1>Storefront</h1><div class="card"><h2>Checkout</h2><p id="cart">Cart: empty</p>
<p id="total">Total: unknown</p><label>Card holder <input id="holder"></label><br>
<button id="add">Add to cart</button><button id="price">Get total</button><button id="pay">Pay now</button></div>
<script src="/app.js"></script></body></html>`;

interface Item {
  headers: Record<string, unknown>;
  payload: Buffer;
}

/** Sentry's envelope format: a header line, then items of a header line and a payload. */
function parseEnvelope(body: Buffer): Item[] {
  const items: Item[] = [];
  let at = body.indexOf(10) + 1;
  while (at > 0 && at < body.length) {
    const end = body.indexOf(10, at);
    const headers = JSON.parse(body.subarray(at, end < 0 ? body.length : end).toString()) as Record<
      string,
      unknown
    >;
    at = end + 1;
    const length = typeof headers.length === 'number' ? headers.length : undefined;
    const stop =
      length !== undefined ? at + length : body.indexOf(10, at) < 0 ? body.length : body.indexOf(10, at);
    items.push({ headers, payload: body.subarray(at, stop) });
    at = stop + 1;
  }
  return items;
}

function recordingEvents(payload: Buffer): unknown[] {
  const newline = payload.indexOf(10);
  const body = payload.subarray(newline + 1);
  const text = body[0] === 0x78 ? inflateSync(body).toString() : body.toString();
  return JSON.parse(text) as unknown[];
}

async function main(): Promise<void> {
  const segments: Array<{ segmentId: number; events: unknown[] }> = [];
  const errors: unknown[] = [];
  let replayEvent: Record<string, unknown> | null = null;
  let script = '';
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/api/1/envelope/')) {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const items = parseEnvelope(Buffer.concat(chunks));
        const event = items.find((item) => item.headers.type === 'replay_event');
        const recording = items.find((item) => item.headers.type === 'replay_recording');
        if (event && recording) {
          const parsed = JSON.parse(event.payload.toString()) as Record<string, unknown>;
          replayEvent ??= parsed;
          segments.push({ segmentId: Number(parsed.segment_id), events: recordingEvents(recording.payload) });
        }
        for (const item of items)
          if (item.headers.type === 'event') errors.push(JSON.parse(item.payload.toString()));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      return;
    }
    if (request.url === '/app.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (request.url === '/api/cart/total')
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"total":"12.50 EUR"}');
    else response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const dsn = `http://${'d'.repeat(32)}@127.0.0.1:${new URL(url).port}/1`;
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT(dsn), resolveDir: repoRoot, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
  });
  script = bundle.outputFiles[0]!.text;

  const profile = mkdtempSync(join(tmpdir(), 'dexter-capture-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1024, height: 640 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/checkout`);
    await page.waitForFunction(() =>
      /^[0-9a-f]{32}$/.test((window as unknown as { replayId(): string }).replayId() ?? ''),
    );
    await page.waitForTimeout(800);
    await page.click('#add');
    await page.waitForTimeout(600);
    await page.fill('#holder', 'Ada Lovelace');
    await page.waitForTimeout(400);
    await page.click('#price');
    await page.getByText('Total: 12.50 EUR').waitFor();
    await page.waitForTimeout(700);
    await page.click('#pay');
    await page.waitForTimeout(1500);
    await page.evaluate(() => (window as unknown as { flushReplay(): Promise<void> }).flushReplay());
    const deadline = Date.now() + 15_000;
    while ((segments.length === 0 || errors.length === 0) && Date.now() < deadline)
      await page.waitForTimeout(250);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.close();
  }
  if (!replayEvent || errors.length === 0) throw new Error('the SDK sent no replay or no error');
  const events = segments.sort((a, b) => a.segmentId - b.segmentId).flatMap((segment) => segment.events);
  const first = replayEvent as Record<string, unknown>;
  const text = JSON.stringify({
    capturedWith: 'apps/server/src/demo/capture-demo-replay.ts',
    replayStartMs: Number(first.replay_start_timestamp) * 1000,
    replayEvent: first,
    error: errors[0],
    events,
  });
  writeFileSync(output, `${text.replaceAll(url, 'https://shop.example')}\n`);
  process.stdout.write(`wrote ${output}: ${events.length} rrweb events, ${errors.length} error(s)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `capture failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
