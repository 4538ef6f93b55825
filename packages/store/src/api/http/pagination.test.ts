/**
 * 250 issues page through in three pages of at most 100, following the `Link` header exactly as
 * Sentry writes it, with `results="false"` on `next` at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { parseCursor } from './pagination';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
  const sends = Array.from({ length: 250 }, (_, i) =>
    postEnvelope(
      server.url,
      server.projectId,
      server.publicKey,
      envelopeOf(testEvent({ fingerprint: [`issue-${i}`] })),
    ),
  );
  for (const res of await Promise.all(sends)) expect(res.status).toBe(200);
}, 60_000);
afterAll(() => server.close());

const LINK = /<([^>]+)>; rel="(previous|next)"; results="(true|false)"; cursor="([^"]+)"/g;

function parseLink(header: string | null) {
  const links: Record<string, { url: string; results: boolean; cursor: string }> = {};
  for (const [, url, rel, results, cursor] of (header ?? '').matchAll(LINK)) {
    links[rel!] = { url: url!, results: results === 'true', cursor: cursor! };
  }
  return links;
}

describe('cursor pagination of the issue list', () => {
  it('walks 250 issues in pages of 100, 100 and 50', async () => {
    const seen = new Set<string>();
    const sizes: number[] = [];
    let url = `${server.url}/api/0/organizations/${server.org}/issues/?query=&limit=100&sort=new`;
    for (let page = 0; page < 5; page++) {
      const res = await server.api(url.slice(server.url.length));
      const body = (await res.json()) as Array<{ id: string }>;
      sizes.push(body.length);
      for (const issue of body) seen.add(issue.id);
      const links = parseLink(res.headers.get('link'));
      expect(links.previous?.results).toBe(page > 0);
      expect(res.headers.get('x-hits')).toBe('250');
      if (!links.next?.results) break;
      url = links.next.url;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(seen.size).toBe(250);
  });

  it('writes the Link header in Sentry’s exact format, keeping the other parameters', async () => {
    const res = await server.api(`/api/0/organizations/${server.org}/issues/?query=&limit=100`);
    expect(res.headers.get('link')).toBe(
      `<${server.url}/api/0/organizations/${server.org}/issues/?query=&limit=100&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ` +
        `<${server.url}/api/0/organizations/${server.org}/issues/?query=&limit=100&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`,
    );
  });

  it('ends with results="false" on next', async () => {
    const res = await server.api(`/api/0/organizations/${server.org}/issues/?query=&cursor=0:200:0`);
    expect(((await res.json()) as unknown[]).length).toBe(50);
    const links = parseLink(res.headers.get('link'));
    expect(links.next).toMatchObject({ results: false, cursor: '0:300:0' });
    expect(links.previous).toMatchObject({ results: true, cursor: '0:100:1' });
  });

  it('refuses malformed cursors and limits with a 400 that names them', async () => {
    const bad = await server.api(`/api/0/organizations/${server.org}/issues/?cursor=abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/cursor/);
    const tooBig = await server.api(`/api/0/organizations/${server.org}/issues/?limit=1000`);
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { detail: string }).detail).toMatch(/limit/);
  });
});

describe('parseCursor', () => {
  it('reads value:offset:is_prev and refuses anything else', () => {
    expect(parseCursor('0:100:0')).toEqual({ value: 0, offset: 100, isPrev: false });
    expect(parseCursor(undefined)).toEqual({ value: 0, offset: 0, isPrev: false });
    for (const bad of ['1:2', '0:-1:0', 'a:b:c', '0:1:0:0'])
      expect(() => parseCursor(bad)).toThrow(/Invalid cursor/);
  });
});
