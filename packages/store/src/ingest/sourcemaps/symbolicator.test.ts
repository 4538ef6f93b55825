/**
 * Symbolication at ingest, end to end through the store: bundles uploaded as sentry-cli uploads
 * them, events posted as envelopes, frames read back from the event API. The map is found by the
 * event's debug ID, else by release + dist + URL (`~/` matching, a `sourcemap` header or a
 * `sourceMappingURL` comment); without a map the frames stay as sent.
 */
import { randomUUID } from 'node:crypto';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadBundle, zipBundle } from '../../testing/artifact-bundles';
import { envelopeOf, newEventId, postEnvelope } from '../../testing/envelopes';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const SOURCE = `export function divide(a: number, b: number): number {
  if (b === 0) {
    throw new RangeError('division by zero');
  }
  return a / b;
}
`;

let server: StoreServer;
let minified: string;
let map: string;
/** 1-based column of the `throw` in the minified line. */
let throwColumn: number;

interface ApiFrame {
  filename: string | null;
  absPath: string | null;
  function: string | null;
  lineNo: number | null;
  colNo: number | null;
  context: Array<[number, string]>;
}
interface ApiException {
  stacktrace: { frames: ApiFrame[] };
  rawStacktrace: { frames: ApiFrame[] } | null;
}

beforeAll(async () => {
  server = await startStoreServer();
  const out = await transform(SOURCE, {
    loader: 'ts',
    minify: true,
    sourcemap: 'external',
    sourcefile: 'src/math.ts',
  });
  minified = out.code;
  map = out.map;
  throwColumn = minified.indexOf('throw') + 1;
  expect(throwColumn).toBeGreaterThan(0);
});
afterAll(() => server.close());

const validateEvent = responseValidator(
  'GET',
  '/api/0/organizations/{organization_id_or_slug}/issues/{issue_id}/events/{event_id}/',
  '200',
);
const DEBUG_ID = '5f1c2b9e-7a3d-4c1e-9b2a-0d4e6f8a1b3c';

function jsEvent(options: { url: string; release: string; dist?: string; debugImages?: unknown[] }) {
  return {
    event_id: newEventId(),
    timestamp: Date.now() / 1000,
    platform: 'javascript',
    release: options.release,
    ...(options.dist ? { dist: options.dist } : {}),
    exception: {
      values: [
        {
          type: 'RangeError',
          value: 'division by zero',
          stacktrace: {
            frames: [
              {
                filename: options.url,
                abs_path: options.url,
                function: 'r',
                lineno: 1,
                colno: throwColumn,
                in_app: true,
              },
            ],
          },
        },
      ],
    },
    ...(options.debugImages ? { debug_meta: { images: options.debugImages } } : {}),
  };
}

async function ingest(event: { event_id: string }) {
  const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
  expect(res.status).toBe(200);
  await server.store.drain();
  const issues = (await (
    await server.api(`/api/0/organizations/${server.org}/issues/?query=`)
  ).json()) as Array<{
    id: string;
    culprit: string;
  }>;
  for (const issue of issues) {
    const res = await server.api(
      `/api/0/organizations/${server.org}/issues/${issue.id}/events/${event.event_id}/`,
    );
    if (res.status !== 200) continue;
    const body = (await res.json()) as { entries: Array<{ type: string; data: { values: ApiException[] } }> };
    // With rawStacktrace filled, the event still has the shape of Sentry's spec.
    expect(validateEvent(body), describeErrors(validateEvent.errors)).toBe(true);
    const exception = body.entries.find((entry) => entry.type === 'exception')!.data.values[0]!;
    return { exception, issue };
  }
  throw new Error(`event ${event.event_id} not found`);
}

function expectOriginal(exception: ApiException, url: string) {
  const [frame] = exception.stacktrace.frames;
  expect(frame).toMatchObject({ filename: 'src/math.ts', lineNo: 3, function: 'divide' });
  expect(frame!.context).toContainEqual([3, "    throw new RangeError('division by zero');"]);
  expect(frame!.context).toContainEqual([1, 'export function divide(a: number, b: number): number {']);
  // The source's final newline adds no empty line 7.
  expect(frame!.context.at(-1)).toEqual([6, '}']);
  expect(exception.rawStacktrace!.frames).toEqual([
    expect.objectContaining({ absPath: url, lineNo: 1, colNo: throwColumn, function: 'r' }),
  ]);
}

describe('symbolication at ingest', () => {
  // First: while the project has no bundle, ingest remembers that it has none.
  it('applies the first bundle of a project to events after it, though events came before', async () => {
    const url = 'https://shop.example/first/math.min.js';
    const before = await ingest(jsEvent({ url, release: 'web@1' }));
    expect(before.exception.rawStacktrace).toBeNull();
    const zip = zipBundle([
      {
        url: '~/first/math.min.js',
        type: 'minified_source',
        content: minified,
        headers: { Sourcemap: 'm.map' },
      },
      { url: '~/first/m.map', type: 'source_map', content: map },
    ]);
    expect((await uploadBundle(server, zip, { version: 'web@1' })).body.state).toBe('ok');
    expectOriginal((await ingest(jsEvent({ url, release: 'web@1' }))).exception, url);
  });

  it('finds the map by the debug ID of the event, whatever the release', async () => {
    const zip = zipBundle([
      {
        url: '~/dist/math.min.js',
        type: 'minified_source',
        content: minified,
        headers: { 'debug-id': DEBUG_ID },
      },
      { url: '~/dist/math.min.js.map', type: 'source_map', content: map, headers: { 'debug-id': DEBUG_ID } },
    ]);
    expect((await uploadBundle(server, zip)).body.state).toBe('ok');
    const url = '/srv/app/dist/math.min.js';
    // SDKs may send the ID in capitals or without hyphens: it is compared normalized.
    const images = [
      { type: 'sourcemap', code_file: url, debug_id: DEBUG_ID.replace(/-/g, '').toUpperCase() },
    ];
    const { exception, issue } = await ingest(jsEvent({ url, release: 'unrelated@9', debugImages: images }));
    expectOriginal(exception, url);
    expect(issue.culprit).toBe('divide(src/math.ts)');
  });

  it('finds the map by release, dist and ~/ URL through the script`s sourcemap header', async () => {
    const zip = zipBundle([
      {
        url: '~/static/js/math.min.js',
        type: 'minified_source',
        content: minified,
        headers: { Sourcemap: 'math.min.js.map' },
      },
      { url: '~/static/js/math.min.js.map', type: 'source_map', content: map },
    ]);
    expect((await uploadBundle(server, zip, { version: 'web@2', dist: 'd1' })).body.state).toBe('ok');
    const url = 'https://shop.example/static/js/math.min.js?v=7';
    const { exception } = await ingest(jsEvent({ url, release: 'web@2', dist: 'd1' }));
    expectOriginal(exception, url);
    expect(exception.stacktrace.frames[0]!.absPath).toBe('https://shop.example/static/js/src/math.ts');

    // Another dist of the same release has no map.
    const other = await ingest(jsEvent({ url, release: 'web@2', dist: 'd2' }));
    expect(other.exception.rawStacktrace).toBeNull();
  });

  it('follows a sourceMappingURL comment when the script has no header', async () => {
    const zip = zipBundle([
      {
        url: '~/assets/math.min.js',
        type: 'minified_source',
        content: `${minified}//# sourceMappingURL=maps/math.js.map\n`,
      },
      { url: '~/assets/maps/math.js.map', type: 'source_map', content: map },
    ]);
    expect((await uploadBundle(server, zip, { version: 'web@3' })).body.state).toBe('ok');
    const url = 'https://shop.example/assets/math.min.js';
    expectOriginal((await ingest(jsEvent({ url, release: 'web@3' }))).exception, url);
  });

  it('leaves the frames as sent when no map matches, and the event is still stored', async () => {
    const url = `https://shop.example/static/js/${randomUUID()}.js`;
    const { exception, issue } = await ingest(jsEvent({ url, release: 'web@404' }));
    expect(exception.rawStacktrace).toBeNull();
    expect(exception.stacktrace.frames).toEqual([
      expect.objectContaining({ absPath: url, lineNo: 1, colNo: throwColumn, function: 'r', context: [] }),
    ]);
    expect(issue.culprit).toBe(`r(${url})`);
  });
});
