/**
 * The release's files (`GET …/releases/{version}/files/`) validate against Sentry's OpenAPI
 * response schema, filter by name and checksum, and page with Sentry's cursors. Chunk upload and
 * assemble are not in the spec; their shapes are checked in assemble.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha1Hex, uploadBundle, zipBundle } from '../../testing/artifact-bundles';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const VERSION = 'files@1.0.0';
let server: StoreServer;
let files: string;

beforeAll(async () => {
  server = await startStoreServer();
  await server.api(`/api/0/organizations/${server.org}/releases/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version: VERSION, projects: [server.projectId] }),
  });
  const zip = zipBundle([
    { url: '~/a.min.js', type: 'minified_source', content: 'a()', headers: { sourcemap: 'a.min.js.map' } },
    { url: '~/a.min.js.map', type: 'source_map', content: '{}' },
    { url: '~/b.min.js', type: 'minified_source', content: 'b()' },
  ]);
  expect((await uploadBundle(server, zip, { version: VERSION, dist: 'web' })).body.state).toBe('ok');
  files = `/api/0/organizations/${server.org}/releases/${encodeURIComponent(VERSION)}/files/`;
});
afterAll(() => server.close());

type ReleaseFile = { name: string; dist: string | null; sha1: string; headers: Record<string, string> };

describe('release files', () => {
  it('lists the bundle files in the shape of Sentry’s spec', async () => {
    const res = await server.api(files);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReleaseFile[];
    const validate = responseValidator(
      'GET',
      '/api/0/organizations/{organization_id_or_slug}/releases/{version}/files/',
      '200',
    );
    expect(validate(body), describeErrors(validate.errors)).toBe(true);
    expect(body.map((f) => [f.name, f.dist])).toEqual([
      ['~/a.min.js', 'web'],
      ['~/a.min.js.map', 'web'],
      ['~/b.min.js', 'web'],
    ]);
    expect(body[0]!.headers).toEqual({ sourcemap: 'a.min.js.map' });
  });

  it('filters by part of the name and by checksum, and pages', async () => {
    const named = (await (await server.api(`${files}?query=B.MIN`)).json()) as ReleaseFile[];
    expect(named.map((f) => f.name)).toEqual(['~/b.min.js']);
    const bySha = (await (await server.api(`${files}?checksum=${sha1Hex('a()')}`)).json()) as ReleaseFile[];
    expect(bySha.map((f) => f.name)).toEqual(['~/a.min.js']);
    const page = await server.api(`${files}?per_page=2`);
    expect(((await page.json()) as ReleaseFile[]).length).toBe(2);
    expect(page.headers.get('link')).toContain('rel="next"; results="true"');
  });

  it('answers 404 for a release that does not exist', async () => {
    const res = await server.api(`/api/0/organizations/${server.org}/releases/nope@0/files/`);
    expect(res.status).toBe(404);
  });
});
