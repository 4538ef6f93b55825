/**
 * `GET /api/v1/organizations/{org}/insights/patterns` over the built-in store, seeded as SDKs and
 * sentry-cli would (testing/patterns-seed.ts): the nightly job is found periodic at 02:10 UTC and
 * the cache job every hour at :15, the
 * checkout burst is a spike against a quiet baseline, and the cart and payment outages in two
 * projects co-occur, with the deploy 25 minutes before their start. The other issues are in none
 * of the lists they do not belong to. A project filter keeps the partner from another project.
 */
import type { ErrorEnvelope, Patterns } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../../testing/test-dexter';
import { SEEDED, seedPatterns } from './testing/patterns-seed';

let dexter: TestDexter;
let org: string;

beforeAll(async () => {
  dexter = await startTestDexter();
  org = dexter.bootstrap!.org;
  await seedPatterns(dexter);
}, 60_000);
afterAll(() => dexter.close());

async function patterns(query = '') {
  const res = await dexter.request(`/api/v1/organizations/${org}/insights/patterns${query}`);
  return { status: res.status, body: (await res.json()) as Patterns & ErrorEnvelope };
}
const titleHas = (name: string) => (issue: { title: string }) => issue.title.includes(name);

describe('insights patterns', () => {
  it('finds the nightly job, the spike and the co-occurring outages, each only where it belongs', async () => {
    const { status, body } = await patterns();
    expect(status).toBe(200);
    expect(body.issuesConsidered).toBe(5);

    expect(body.periodic).toHaveLength(2);
    const nightly = body.periodic.find((item) => item.issue.title.includes(SEEDED.nightly));
    expect(nightly).toMatchObject({ period: 'daily', cycles: 10 });
    expect(Math.abs((nightly?.phaseMinutes ?? 0) - 130)).toBeLessThanOrEqual(1);
    // Placed from the event times Discover returns: hourly buckets cannot see minutes.
    const hourly = body.periodic.find((item) => item.issue.title.includes(SEEDED.hourly));
    expect(hourly).toMatchObject({ period: 'hourly', phaseMinutes: 15, cycles: 8 });

    expect(body.spikes).toHaveLength(1);
    expect(body.spikes[0]?.issue.title).toContain(SEEDED.spike);
    expect(body.spikes[0]?.count).toBeGreaterThanOrEqual(11);
    expect(body.spikes[0]?.expected).toBe(0);

    expect(body.coOccurrences).toHaveLength(1);
    const group = body.coOccurrences[0]!;
    expect(group.issues.map((issue) => issue.title.split(':')[0]).sort()).toEqual([
      SEEDED.cart,
      SEEDED.payment,
    ]);
    expect(group.issues.map((issue) => issue.project.slug).sort()).toEqual(['demo', SEEDED.partnerProject]);
    expect(group.stopped).toBe(true);
    expect(group.nearestRelease).toMatchObject({
      version: SEEDED.release,
      kind: 'deploy',
      offsetMinutes: -25,
    });
    expect(group.issues.some(titleHas(SEEDED.nightly))).toBe(false);
  });

  it('keeps co-occurring partners from other projects when one project is selected', async () => {
    const demo = dexter.bootstrap!.projects[0]!;
    const { body } = await patterns(`?project=${demo.id}`);
    expect(body.spikes.every((spike) => spike.issue.project.slug === 'demo')).toBe(true);
    expect(body.coOccurrences[0]?.issues.map((issue) => issue.project.slug).sort()).toEqual([
      'demo',
      SEEDED.partnerProject,
    ]);
  });

  it('refuses a project that is not an id, naming the parameter', async () => {
    const { status, body } = await patterns('?project=shop');
    expect(status).toBe(400);
    expect(body.error.message).toContain('project');
  });
});
