/**
 * The web app's files: hashed assets go out precompressed as the browser accepts (brotli, else
 * gzip, else as built) and cached as immutable; other files revalidate; `index.html` is never
 * stored, carries a fresh nonce that the CSP allows for its inline boot script and styles, and
 * is the same page for everyone: no data of a signed-in user is written into it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { CSP_NONCE_PLACEHOLDER, HASHED_ASSET_CACHE } from './web-app';

let dexter: TestDexter;
const webDist = mkdtempSync(join(tmpdir(), 'dexter-web-static-'));
const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;
const INDEX = `<html><head><meta name="csp-nonce" content="${CSP_NONCE_PLACEHOLDER}"><script nonce="${CSP_NONCE_PLACEHOLDER}">window.__dexterBoot=null;</script></head><body></body></html>`;

beforeAll(async () => {
  mkdirSync(join(webDist, 'assets'));
  writeFileSync(join(webDist, 'index.html'), INDEX);
  writeFileSync(join(webDist, 'assets/app-Abc123.js'), script);
  writeFileSync(join(webDist, 'assets/app-Abc123.js.br'), brotliCompressSync(script));
  writeFileSync(join(webDist, 'assets/app-Abc123.js.gz'), gzipSync(script));
  writeFileSync(join(webDist, 'robots.txt'), 'User-agent: *\n');
  dexter = await startTestDexter({ DEXTER_WEB_DIST: webDist });
});
afterAll(async () => {
  await dexter.close();
  rmSync(webDist, { recursive: true, force: true });
});

/** A raw GET (fetch would decode the body and hide which encoding was sent). */
function rawGet(path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = httpRequest(`${dexter.listenUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web app files', () => {
  it('sends a hashed asset brotli-compressed to a browser that accepts br, cached as immutable', async () => {
    const res = await rawGet('/assets/app-Abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe(HASHED_ASSET_CACHE);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('falls back to gzip, then to the file as built', async () => {
    const gzip = await rawGet('/assets/app-Abc123.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    const plain = await rawGet('/assets/app-Abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe(HASHED_ASSET_CACHE);
  });

  it('makes a file without a content hash revalidate', async () => {
    const res = await rawGet('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('never stores index.html, and allows its inline script by the answer’s own nonce only', async () => {
    for (const path of ['/', '/dexter/issues']) {
      const res = await rawGet(path, { 'accept-encoding': 'br' });
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body.toString();
      const nonce = /<script nonce="([0-9a-f]{32})">/.exec(html)?.[1];
      expect(nonce).toBeDefined();
      const csp = String(res.headers['content-security-policy']);
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1]?.split(' ');
      expect(scriptSrc).toEqual(["'self'", `'nonce-${nonce}'`]);
      expect(csp.replace("style-src-attr 'unsafe-inline'", '')).not.toContain('unsafe-inline');
    }
  });

  it('sends a signed-in user the same page as anyone: no data in the HTML', async () => {
    const withoutNonce = (html: string) => html.replace(/[0-9a-f]{32}/g, 'NONCE');
    const signedIn = await dexter.request('/dexter/issues');
    const signedOut = await dexter.anonymous('/dexter/issues');
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    expect(withoutNonce(await signedIn.text())).toBe(withoutNonce(await signedOut.text()));
    expect(withoutNonce(await (await dexter.anonymous('/')).text())).toBe(
      INDEX.replaceAll(CSP_NONCE_PLACEHOLDER, 'NONCE'),
    );
  });
});
