/**
 * End to end over real SDK traffic: `@sentry/node` reports one root cause (a price that does not
 * parse) through three call paths in two projects, so the built-in store opens three issues, plus
 * unrelated errors. Dexter's index learns them from the store as they arrive, and its API must put
 * exactly the three price issues in one cluster, suggest them for each other with the aligned
 * frames and the same confidence per pair as the cluster's links, respect a verdict, survive a
 * rebuild, and be described in the OpenAPI document.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IssueClusterListSchema, SimilarIssuesSchema } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { runSimilarErrorsApp } from './testing/run-similar-errors';

let dexter: TestDexter;
let org: string;
let priceIssues: string[];
let unrelated: string[];

const api = (path: string) => `/api/v1/organizations/${org}${path}`;
async function getJson<T>(path: string, schema: { parse(value: unknown): T }): Promise<T> {
  const res = await dexter.request(api(path));
  expect(res.status).toBe(200);
  return schema.parse(await res.json());
}
const clusters = () => getJson('/clusters', IssueClusterListSchema);
const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  dexter = await startTestDexter();
  const bootstrap = dexter.bootstrap!;
  org = bootstrap.org;
  const billing = await dexter.store!.admin.ensureProject(org, 'billing', dexter.url);
  await runSimilarErrorsApp(bootstrap.projects[0]!.dsn, 'shop');
  await runSimilarErrorsApp(billing.dsn, 'billing');
  await dexter.store!.admin.drain();
  await dexter.similarity.maintenance.idle();

  // The store's own API is the ground truth of which issues exist (any status).
  const res = await fetch(`${dexter.listenUrl}/api/0/organizations/${org}/issues/?query=&limit=100`, {
    headers: { authorization: `Bearer ${bootstrap.token}` },
  });
  const issues = (await res.json()) as Array<{ id: string; metadata?: { type?: string } }>;
  const isPrice = (issue: (typeof issues)[number]) => issue.metadata?.type === 'PriceFormatError';
  priceIssues = issues.filter(isPrice).map((issue) => issue.id);
  unrelated = issues.filter((issue) => !isPrice(issue)).map((issue) => issue.id);
}, 120_000);

afterAll(() => dexter?.close());

describe('similarity over real SDK traffic', () => {
  it('the store opened one issue per call path, in two projects, and some unrelated ones', async () => {
    expect(priceIssues).toHaveLength(3);
    expect(unrelated.length).toBeGreaterThanOrEqual(3);
  });

  it('puts the three call paths of the one bug in one cluster, and nothing unrelated in it', async () => {
    const list = await clusters();
    const withPrice = list.clusters.filter((c) => c.members.some((m) => priceIssues.includes(m.id)));
    expect(withPrice).toHaveLength(1);
    const [cluster] = withPrice;
    expect(sorted(cluster!.members.map((m) => m.id))).toEqual(sorted(priceIssues));
    expect(cluster!.projects).toHaveLength(2);
    expect(cluster!.confidence).toBeGreaterThanOrEqual(list.threshold);
    const clustered = list.clusters.flatMap((c) => c.members.map((m) => m.id));
    expect(clustered.filter((id) => unrelated.includes(id))).toEqual([]);
  });

  it('suggests the other call paths for each price issue, with the shared frames as evidence', async () => {
    for (const id of priceIssues) {
      const similar = await getJson(`/issues/${id}/similar`, SimilarIssuesSchema);
      expect(sorted(similar.matches.map((m) => m.issue.id))).toEqual(
        sorted(priceIssues.filter((p) => p !== id)),
      );
      for (const match of similar.matches) {
        expect(match.alignedFrames.map((pair) => pair.key).join(' ')).toMatch(/parsePrice/);
        expect(match.confidence).toBeGreaterThanOrEqual(similar.threshold);
      }
    }
  });

  it('states one confidence per pair: the issue page says what the cluster link says', async () => {
    const [cluster] = (await clusters()).clusters.filter((c) =>
      c.members.some((m) => priceIssues.includes(m.id)),
    );
    expect(cluster!.links).toHaveLength(priceIssues.length - 1);
    expect(cluster!.confidence).toBe(cluster!.links[0]!.confidence);
    for (const link of cluster!.links) {
      for (const [from, to] of [
        [link.issueA, link.issueB],
        [link.issueB, link.issueA],
      ] as const) {
        const similar = await getJson(`/issues/${from}/similar`, SimilarIssuesSchema);
        const match = similar.matches.find((m) => m.issue.id === to);
        expect({ confidence: match?.confidence, level: match?.level }).toEqual({
          confidence: link.confidence,
          level: link.level,
        });
      }
    }
  });

  it('respects a "not the same" verdict in the clusters from then on', async () => {
    const [a, b] = priceIssues as [string, string];
    const res = await dexter.request(api('/similarity/feedback'), {
      method: 'POST',
      body: JSON.stringify({ issueA: a, issueB: b, verdict: 'different' }),
    });
    expect(res.status).toBe(200);
    const together = (await clusters()).clusters.some((c) => {
      const ids = c.members.map((m) => m.id);
      return ids.includes(a) && ids.includes(b);
    });
    expect(together).toBe(false);
    const similar = await getJson(`/issues/${a}/similar`, SimilarIssuesSchema);
    expect(similar.matches.map((m) => m.issue.id)).not.toContain(b);
  });

  it('a viewer may read clusters but not give a verdict; only an admin may rebuild', async () => {
    const viewer = await dexter.clientAs('viewer');
    expect((await viewer.request(api('/clusters'))).status).toBe(200);
    const verdict = { issueA: priceIssues[0], issueB: priceIssues[2], verdict: 'same' };
    const refused = await viewer.request(api('/similarity/feedback'), {
      method: 'POST',
      body: JSON.stringify(verdict),
    });
    expect(refused.status).toBe(403);
    const triager = await dexter.clientAs('triager');
    expect((await triager.request(api('/similarity/rebuild'), { method: 'POST' })).status).toBe(403);
  });

  it('rebuilds the index on demand and persists it to the data directory', async () => {
    const res = await dexter.request(api('/similarity/rebuild'), { method: 'POST' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { indexedIssues: number }).indexedIssues).toBe(
      priceIssues.length + unrelated.length,
    );
    await dexter.similarity.maintenance.close();
    expect(existsSync(join(dexter.dataDir, 'similarity-index.json'))).toBe(true);
  });

  it('describes every similarity route in the OpenAPI document', async () => {
    const doc = (await (await dexter.anonymous('/api/docs/openapi.json')).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/organizations/{org}/issues/{issueId}/similar',
        '/api/v1/organizations/{org}/clusters',
        '/api/v1/organizations/{org}/similarity/feedback',
        '/api/v1/organizations/{org}/similarity/actions',
        '/api/v1/organizations/{org}/similarity/rebuild',
      ]),
    );
  });
});
