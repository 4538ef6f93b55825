/**
 * Absolute URLs come from the configured public URL only (issue 23, finding 6). Before the fix
 * they were built from the request's `Host` header, so `Host: evil.example` on the keys route
 * answered DSNs at evil.example, and permalinks and `Link` headers followed it: every assertion
 * on `dexter.example.com` below failed.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const PUBLIC_URL = 'https://dexter.example.com';
let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer({ publicUrl: () => PUBLIC_URL });
  const project = server.projectId;
  expect((await postEnvelope(server.url, project, server.publicKey, envelopeOf(testEvent()))).status).toBe(
    200,
  );
  await server.store.drain();
});
afterAll(() => server.close());

/** A GET with a forged Host header (fetch cannot set one). */
function getWithHost(path: string, host: string): Promise<{ status: number; link: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, {
      headers: { host, authorization: `Bearer ${server.token}` },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          link: String(res.headers.link ?? ''),
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('absolute URLs in /api/0 answers', () => {
  it('builds DSNs from the public URL, whatever the Host header says', async () => {
    const answer = await getWithHost(
      `/api/0/projects/${server.org}/${server.projectId}/keys/`,
      'evil.example',
    );
    expect(answer.status).toBe(200);
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('evil.example');
    const [key] = answer.body as Array<{ dsn: { public: string } }>;
    expect(new URL(key!.dsn.public).host).toBe('dexter.example.com');
  });

  it('builds permalinks and Link headers from the public URL', async () => {
    const answer = await getWithHost(
      `/api/0/organizations/${server.org}/issues/?query=&limit=1`,
      'evil.example',
    );
    expect(answer.status).toBe(200);
    const [issue] = answer.body as Array<{ permalink: string }>;
    expect(issue!.permalink.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    expect(answer.link).not.toContain('evil.example');
    expect(answer.link).toContain(`<${PUBLIC_URL}/api/0/organizations/${server.org}/issues/?`);
  });

  it('builds organization links from the public URL', async () => {
    const answer = await getWithHost(`/api/0/organizations/${server.org}/`, 'evil.example');
    expect(answer.body).toMatchObject({ links: { organizationUrl: PUBLIC_URL, regionUrl: PUBLIC_URL } });
  });
});
