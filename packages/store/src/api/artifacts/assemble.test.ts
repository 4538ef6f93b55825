/**
 * The assemble state machine as sentry-cli drives it: unknown chunks are `not_found` with
 * `missingChunks`, the uploaded bundle is `ok`, and asking again answers the remembered state
 * (the chunks are gone by then); a bundle that cannot be read is `error` with a detail, and stays
 * so; bad bodies are 400 `{"error"}`. Also the chunk-upload options the CLI needs.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assemble,
  chunksOf,
  postChunks,
  sha1Hex,
  uploadBundle,
  zipBundle,
} from '../../testing/artifact-bundles';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { ARTIFACT_LIMITS } from './artifact-limits';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

// Random bytes in a comment: the zip cannot compress them below a few chunks.
const script = (n: number) =>
  `function f${n}(){throw new Error("x")}f${n}();\n// ${randomBytes(3000).toString('hex')}\n`;
const bundleOf = (n: number) =>
  zipBundle([
    {
      url: `~/app${n}.min.js`,
      type: 'minified_source',
      content: script(n),
      headers: { sourcemap: `app${n}.min.js.map` },
    },
    { url: `~/app${n}.min.js.map`, type: 'source_map', content: '{"version":3,"sources":[],"mappings":""}' },
  ]);

describe('GET chunk-upload', () => {
  it('answers the options sentry-cli needs, with an absolute URL to this server', async () => {
    const res = await server.api(`/api/0/organizations/${server.org}/chunk-upload/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')?.split(';')[0]).toBe('application/json');
    const options = (await res.json()) as Record<string, unknown>;
    expect(options).toMatchObject({
      url: `${server.url}/api/0/organizations/${server.org}/chunk-upload/`,
      hashAlgorithm: 'sha1',
      chunkSize: ARTIFACT_LIMITS.chunkSize,
      chunksPerRequest: ARTIFACT_LIMITS.chunksPerRequest,
      maxRequestSize: ARTIFACT_LIMITS.maxRequestSize,
      compression: ['gzip'],
    });
    expect(options.concurrency).toBeGreaterThan(0);
    expect(options.concurrency).toBeLessThanOrEqual(255);
  });

  it('refuses a request without a token', async () => {
    const res = await fetch(`${server.url}/api/0/organizations/${server.org}/chunk-upload/`);
    expect(res.status).toBe(401);
  });
});

describe('assemble', () => {
  it('names the missing chunks, then assembles once they are uploaded, then answers the same state', async () => {
    const zip = bundleOf(1);
    const chunks = chunksOf(zip, 1024);
    expect(chunks.length).toBeGreaterThan(1);
    const body = {
      checksum: sha1Hex(zip),
      chunks: chunks.map(sha1Hex),
      projects: [server.projectId],
      version: 'a@1',
    };

    const first = await assemble(server, body);
    expect(first).toEqual({
      status: 200,
      body: { state: 'not_found', missingChunks: chunks.map(sha1Hex), detail: null },
    });

    // Half now: the next assemble names only the rest.
    const half = chunks.slice(0, 2).map((bytes) => ({ filename: sha1Hex(bytes), bytes }));
    expect((await postChunks(server, half)).status).toBe(200);
    const second = await assemble(server, body);
    expect(second.body.state).toBe('not_found');
    expect(second.body.missingChunks).toEqual(chunks.slice(2).map(sha1Hex));

    const rest = chunks.slice(2).map((bytes) => ({ filename: sha1Hex(bytes), bytes }));
    expect((await postChunks(server, rest)).status).toBe(200);
    expect((await assemble(server, body)).body).toEqual({ state: 'ok', missingChunks: [], detail: null });
    // The chunks are dropped once used; the state is remembered by checksum.
    expect((await assemble(server, body)).body).toEqual({ state: 'ok', missingChunks: [], detail: null });
  });

  it('links a bundle uploaded again to the new release as well', async () => {
    const zip = bundleOf(2);
    expect((await uploadBundle(server, zip, { version: 'b@1' })).body.state).toBe('ok');
    await server.api(`/api/0/organizations/${server.org}/releases/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 'b@2', projects: [server.projectId] }),
    });
    expect((await uploadBundle(server, zip, { version: 'b@2' })).body.state).toBe('ok');
    const files = await server.api(`/api/0/organizations/${server.org}/releases/b@2/files/`);
    expect(((await files.json()) as Array<{ name: string }>).map((f) => f.name).sort()).toEqual([
      '~/app2.min.js',
      '~/app2.min.js.map',
    ]);
  });

  it('answers error with a detail for chunks that are not a zip, and again when asked again', async () => {
    const junk = new TextEncoder().encode('this is not a zip archive at all');
    const answer = await uploadBundle(server, junk);
    expect(answer.status).toBe(200);
    expect(answer.body.state).toBe('error');
    expect(answer.body.missingChunks).toEqual([]);
    expect(answer.body.detail).toMatch(/not a readable zip/);
    const again = await assemble(server, {
      checksum: sha1Hex(junk),
      chunks: [sha1Hex(junk)],
      projects: [server.projectId],
    });
    expect(again.body).toEqual(answer.body);
  });

  it('answers error when the chunks do not join to the checksum', async () => {
    const zip = bundleOf(3);
    await postChunks(server, [{ filename: sha1Hex(zip), bytes: zip }]);
    const wrong = 'f'.repeat(40);
    const answer = await assemble(server, {
      checksum: wrong,
      chunks: [sha1Hex(zip)],
      projects: [server.projectId],
    });
    expect(answer.body.state).toBe('error');
    expect(answer.body.detail).toContain(`not the checksum ${wrong}`);
  });

  it('answers error for a zip without a manifest', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({ 'files/_/_/a.js': strToU8('a') });
    const answer = await uploadBundle(server, zip);
    expect(answer.body).toMatchObject({ state: 'error', detail: 'bundle has no manifest.json' });
  });

  it.each([
    [{ chunks: [], projects: ['1'] }, /checksum/],
    [{ checksum: 'XYZ', chunks: [], projects: ['1'] }, /checksum/],
    [{ checksum: 'a'.repeat(40), chunks: ['nope'], projects: ['1'] }, /chunks/],
    [{ checksum: 'a'.repeat(40), chunks: [] }, /projects/],
    [{ checksum: 'a'.repeat(40), chunks: [], projects: ['1'], dist: 'web' }, /dist/],
    [{ checksum: 'a'.repeat(40), chunks: [], projects: ['1'], version: 'a/b' }, /version/],
  ])('refuses %j with 400 {"error"}', async (body, message) => {
    const answer = await assemble(server, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
  });

  it('refuses projects of no such slug with 400 {"error"}', async () => {
    const answer = await assemble(server, {
      checksum: 'a'.repeat(40),
      chunks: [],
      projects: ['no-such-project'],
    });
    expect(answer).toEqual({ status: 400, body: { error: 'One or more projects are invalid' } });
  });
});

describe('scopes', () => {
  it('lets a CI token with project:releases upload, and refuses one that can only read the org', async () => {
    const ci = (await server.store.admin.createToken('ci', ['project:releases'])).secret;
    const reader = (await server.store.admin.createToken('reader', ['org:read'])).secret;
    const asToken = (token: string) => ({
      ...server,
      api: (path: string, init?: RequestInit) =>
        fetch(`${server.url}${path}`, {
          ...init,
          headers: { ...(init?.headers ?? {}), authorization: `Bearer ${token}` },
        }),
    });
    expect((await uploadBundle(asToken(ci), bundleOf(4))).body.state).toBe('ok');
    const refused = await assemble(asToken(reader), {
      checksum: 'c'.repeat(40),
      chunks: [],
      projects: [server.projectId],
    });
    expect(refused.status).toBe(403);
  });
});
