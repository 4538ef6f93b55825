/**
 * The after-deploy regression check against the real built-in store, through the same gateway
 * code that reads Sentry: releases and deploys recorded as a CI pipeline records them, error
 * events sent as an SDK sends them (with past timestamps, so the windows have closed), then the
 * check. A deploy after which the error rate doubles raises exactly one notice, on the change
 * feed and in the notices list, and never again however often the check runs; a deploy after
 * which it holds steady raises none.
 */
import type { Change } from '@dexter/change-feed';
import {
  type DeployCheckResult,
  type DeployNotice,
  type DeployNoticeList,
  liveTopic,
} from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveTestSocket, openLiveSocket } from '../../testing/live-test-socket';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { cacheTags } from '../../upstream/cache-tags';
import type { DeployHealthHandle } from './deploy-health-feature';
import { createDeployNoticesStore } from './deploy-notices-store';

const HOUR = 3_600_000;
const BAD = 'shop@2.0.0';
const FINE = 'shop@2.0.1';

let dexter: TestDexter;
let triager: TestClient;
let org: string;
let health: DeployHealthHandle;
let live: LiveTestSocket;
/** The start of the hour both deploys finished in. */
let deployHour: number;
const flagged: Change[] = [];

/** `count` events of `fingerprints` (cycling), spread evenly over [from, from + 1h). */
async function sendEvents(options: {
  count: number;
  from: number;
  environment: string;
  release: string;
  fingerprints: string[];
}) {
  const project = dexter.bootstrap!.projects[0]!;
  const step = HOUR / options.count;
  for (let i = 0; i < options.count; i++) {
    const event = {
      ...testEvent({
        at: options.from + i * step + 1_000,
        release: options.release,
        fingerprint: [options.fingerprints[i % options.fingerprints.length]!],
        value: options.fingerprints[i % options.fingerprints.length],
      }),
      environment: options.environment,
    };
    const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
    expect(res.status).toBe(200);
  }
}

async function recordDeploy(version: string, environment: string, finished: number) {
  const project = dexter.bootstrap!.projects[0]!.id;
  const release = await dexter.storePost('releases/', { version, projects: [project] });
  expect(release.status).toBe(201);
  const deploy = await dexter.storePost(`releases/${encodeURIComponent(version)}/deploys/`, {
    environment,
    dateStarted: new Date(finished - 5 * 60_000).toISOString(),
    dateFinished: new Date(finished).toISOString(),
  });
  expect(deploy.status).toBe(201);
}

beforeAll(async () => {
  dexter = await startTestDexter({ DEXTER_DEPLOY_WINDOW_MINUTES: '60', DEXTER_DEPLOY_CHECK_MS: '0' });
  org = dexter.bootstrap!.org;
  triager = await dexter.clientAs('triager');
  health = dexter.modules.get('deploy-health')!.handle as DeployHealthHandle;
  dexter.platform.feed.subscribe((change) => void flagged.push(change), { types: ['deploy.flagged'] });
  live = await openLiveSocket(dexter.url, await dexter.clientAs('viewer'));
  await live.subscribe(liveTopic.org(org));

  // Deploys half past an hour, four hours ago: the store counts per hour, so the hour before the
  // deploy's hour is "before" and the hour after it is "after"; events in the deploy's own hour
  // are on neither side.
  deployHour = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
  const hour = deployHour;
  const deployAt = hour + 30 * 60_000;
  await recordDeploy(BAD, 'production', deployAt);
  await recordDeploy(FINE, 'staging', deployAt);
  const old = ['checkout', 'cart', 'search'];
  await sendEvents({
    count: 30,
    from: hour - HOUR,
    environment: 'production',
    release: 'shop@1.9.0',
    fingerprints: old,
  });
  await sendEvents({ count: 10, from: hour, environment: 'production', release: BAD, fingerprints: old });
  await sendEvents({
    count: 60,
    from: hour + HOUR,
    environment: 'production',
    release: BAD,
    fingerprints: old,
  });
  const staging = ['staging-checkout', 'staging-cart'];
  await sendEvents({
    count: 30,
    from: hour - HOUR,
    environment: 'staging',
    release: 'shop@2.0.0',
    fingerprints: staging,
  });
  await sendEvents({
    count: 32,
    from: hour + HOUR,
    environment: 'staging',
    release: FINE,
    fingerprints: staging,
  });
  await dexter.store!.admin.drain();
}, 120_000);

afterAll(async () => {
  live?.close();
  await dexter.close();
});

const notices = async (query = '') => {
  const res = await triager.request(`/api/v1/organizations/${org}/deploy-notices${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as DeployNoticeList).items;
};

describe('regression detection after deploys', () => {
  it('raises exactly one notice for the deploy that doubled the error rate, none for the steady one', async () => {
    const res = await triager.request(`/api/v1/organizations/${org}/deploy-notices/check`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as DeployCheckResult).toEqual({ evaluated: 2, flagged: 1, pending: 0 });
    await dexter.platform.feed.idle();

    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({
      type: 'deploy.flagged',
      org,
      release: BAD,
      environment: 'production',
    });

    const all = await notices();
    expect(all).toHaveLength(2);
    const bad = all.find((n) => n.release === BAD)!;
    expect(bad).toMatchObject({
      flagged: true,
      environment: 'production',
      windowMinutes: 60,
      errors: { before: 30, after: 60, rateBefore: 0.5, rateAfter: 1, ratio: 2, flagged: true },
    });
    expect(bad.errors.pValue).toBeCloseTo(0.001030132840481538, 10);
    expect(bad.summary).toMatch(/error rate 2\.0×/i);
    const fine = all.find((n) => n.release === FINE)!;
    expect(fine).toMatchObject({ flagged: false, environment: 'staging', errors: { before: 30, after: 32 } });
    expect(fine.errors.pValue).toBeGreaterThan(0.4);
    expect((await notices(`?flagged=true`)).map((n) => n.release)).toEqual([BAD]);
    expect((await notices(`?release=${encodeURIComponent(FINE)}`)).map((n) => n.flagged)).toEqual([false]);
  });

  it('raises nothing more when the check runs again, at once from two callers or after a restart', async () => {
    const [first, second] = await Promise.all([health.check(org), health.check(org)]);
    // The steady deploy is looked at again (late events could still turn it), the flagged one not.
    expect(first).toMatchObject({ evaluated: 1, flagged: 0 });
    expect(second).toMatchObject({ evaluated: 1, flagged: 0 });
    await dexter.platform.feed.idle();
    await dexter.live.idle();
    expect(flagged).toHaveLength(1);
    expect(live.messages.filter((m) => m.type === 'deploy.flagged')).toHaveLength(1);
    expect(await notices()).toHaveLength(2);
  });

  it('lets only one of two instances record (and so publish) the same deploy', async () => {
    // Two instances share the database: each has its own store object over it.
    const [a, b] = [
      createDeployNoticesStore(dexter.platform.db),
      createDeployNoticesStore(dexter.platform.db),
    ];
    const notice: DeployNotice = { ...(await notices('?flagged=true'))[0]!, deployKey: 'other@1#race' };
    const landed = await Promise.all([a.record(org, notice), b.record(org, notice), a.record(org, notice)]);
    expect(landed.filter(Boolean)).toHaveLength(1);
  });

  it('flags a deploy that looked steady once late events double its rate, exactly once', async () => {
    // The staging deploy's "after" hour gets 40 more events (an SDK's offline queue draining):
    // 72 against 30 before.
    await sendEvents({
      count: 40,
      from: deployHour + HOUR,
      environment: 'staging',
      release: FINE,
      fingerprints: ['staging-checkout', 'staging-cart'],
    });
    await dexter.store!.admin.drain();
    // The series are cached for the list class's 15 s; a later run would see the new counts anyway.
    await dexter.platform.upstream.pipeline.cacheStore.bumpTags([cacheTags.releases]);
    const later = await health.check(org);
    expect(later).toMatchObject({ flagged: 1 });
    const again = await health.check(org);
    expect(again).toMatchObject({ evaluated: 0, flagged: 0 });
    await dexter.platform.feed.idle();
    expect(flagged.map((change) => change.type === 'deploy.flagged' && change.release)).toEqual([BAD, FINE]);
    const fine = (await notices(`?release=${encodeURIComponent(FINE)}`))[0]!;
    expect(fine).toMatchObject({ flagged: true, errors: { before: 30, after: 72 } });
  });

  it('refuses a bad filter with a 400 that names the field', async () => {
    const res = await triager.request(`/api/v1/organizations/${org}/deploy-notices?since=yesterday`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('since');
  });
});
