/**
 * The companion poller: its call is background work under its own uncached operation; it turns
 * differences between two looks into live events; and its pace follows the rate budget (driven by
 * a manual clock, no sleeping).
 */
import type { Change } from '@dexter/change-feed';
import type { UpstreamRequest } from '@dexter/sentry-client';
import { describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../upstream/clock';
import type { RateBudgetSnapshot } from '../../upstream/rate-budget';
import { createLivePoller, type PolledIssue } from './live-poller';
import { createPollIssues } from './poll-issues';

const budget = (tokens: number): { snapshot(): RateBudgetSnapshot } => ({
  snapshot: () => ({
    mode: 'local',
    tokens,
    inFlight: 0,
    concurrencyLimit: 20,
    waiting: { interactive: 0, background: 0 },
    pausedUntil: null,
    window: null,
  }),
});

const issue = (id: string, patch: Partial<PolledIssue> = {}): PolledIssue => ({
  id,
  title: `Error ${id}`,
  shortId: `WEB-${id}`,
  level: 'error',
  status: 'unresolved',
  substatus: 'ongoing',
  count: 1,
  project: 'web',
  firstSeen: 0,
  ...patch,
});

describe('the poll call', () => {
  it('asks for the most recent issues as background work, under the uncached issues.poll operation', async () => {
    const requests: UpstreamRequest[] = [];
    const poll = createPollIssues(async (request) => {
      requests.push(request);
      return {
        status: 200,
        headers: {},
        body: [{ id: 5, title: 'boom', count: '12', project: { slug: 'web' } }],
      };
    });
    expect(await poll('acme')).toMatchObject([{ id: '5', title: 'boom', count: 12, project: 'web' }]);
    expect(requests[0]).toMatchObject({
      operation: 'issues.poll',
      priority: 'background',
      path: '/api/0/organizations/acme/issues/',
      query: { query: '', sort: 'date', limit: 100 },
    });
  });
});

/** A poller with a full budget over `page()`, collecting what it publishes; errors fail the test. */
const pollerOf = (page: () => PolledIssue[], clock: ManualClock, published: Change[]) =>
  createLivePoller({
    org: () => 'acme',
    list: async () => page(),
    budget: budget(40),
    burst: 40,
    baseMs: 10_000,
    clock,
    publish: (event) => published.push(event),
    onError: (error) => {
      throw error;
    },
  });

describe('createLivePoller', () => {
  it('takes stock first, then publishes new issues, new events, status changes and regressions', async () => {
    const clock = createManualClock(1_000);
    let page: PolledIssue[] = [issue('1', { count: 5 }), issue('2', { status: 'resolved' })];
    const published: Change[] = [];
    const poller = pollerOf(() => page, clock, published);
    await poller.pollOnce();
    expect(published).toEqual([]);

    await clock.advance(10_000);
    page = [
      issue('3', { firstSeen: 5_000 }),
      issue('1', { count: 8, status: 'ignored' }),
      issue('2', { status: 'unresolved', substatus: 'regressed' }),
      issue('4', { firstSeen: -60_000, count: 900 }),
    ];
    await poller.pollOnce();
    expect(published).toEqual([
      expect.objectContaining({ type: 'issue.created', issueId: '3', title: 'Error 3' }),
      expect.objectContaining({ type: 'issue.updated', issueId: '1', action: 'ignored', status: 'ignored' }),
      expect.objectContaining({ type: 'issue.regressed', issueId: '2' }),
      { type: 'issue.counts', org: 'acme', counts: [{ issueId: '1', project: 'web', events: 3 }] },
    ]);
  });

  it('does not report again a change Dexter made and noted, but reports what came after it', async () => {
    const clock = createManualClock(1_000);
    let page: PolledIssue[] = [issue('1', { count: 5 }), issue('2')];
    const published: Change[] = [];
    const poller = pollerOf(() => page, clock, published);
    await poller.pollOnce();
    poller.note('1', { status: 'resolved', count: 5 });
    poller.note('9', { status: 'resolved', count: 1 }); // not watched: ignored
    await clock.advance(10_000);
    page = [issue('1', { count: 6, status: 'resolved' }), issue('2', { status: 'ignored' })];
    await poller.pollOnce();
    expect(published).toEqual([
      expect.objectContaining({ type: 'issue.updated', issueId: '2', status: 'ignored' }),
      { type: 'issue.counts', org: 'acme', counts: [{ issueId: '1', project: 'web', events: 1 }] },
    ]);
  });

  it('polls at the base interval with a full budget and four times slower with a nearly empty one', async () => {
    const pollsWith = async (tokens: number) => {
      const clock = createManualClock(0);
      let calls = 0;
      const poller = createLivePoller({
        org: () => 'acme',
        list: async () => {
          calls += 1;
          return [];
        },
        budget: budget(tokens),
        burst: 40,
        baseMs: 1_000,
        clock,
        publish: () => {},
        onError: () => {},
      });
      poller.start();
      // The first poll runs at once; its wait is scheduled once its (async) call has settled.
      for (let turn = 0; clock.pendingSleeps === 0 && turn < 100; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      await clock.advance(8_500);
      await poller.stop();
      return calls;
    };
    expect(await pollsWith(40)).toBe(9);
    expect(await pollsWith(5)).toBe(3);
  });
});
