/**
 * Live updates in companion mode without a webhook: list the organization's most recently seen
 * issues every so often and publish what changed since the previous look. Each call is
 * `priority: 'background'` in the rate budget, and the wait before the next one comes from the
 * budget's state (`poll-delay.ts`). With several instances, one holds the poller lock at a time.
 *
 * What a poll can tell: an issue not seen before whose `firstSeen` is after the previous poll (less
 * a minute of slack) is `issue.created`; a higher `count` is `issue.counts` (the difference); a status change is
 * `issue.updated`, or `issue.regressed` when an issue Dexter saw resolved is unresolved with
 * substatus `regressed`. An older issue entering the top of the list is only remembered (its
 * previous count is unknown). The first poll only takes stock.
 */
import type { Change } from '@dexter/change-feed';
import type { Clock } from '../../upstream/clock';
import type { RateBudgetSnapshot } from '../../upstream/rate-budget';
import { nextPollDelay, type PollDelay } from './poll-delay';

export interface PolledIssue {
  id: string;
  title: string;
  shortId: string | null;
  level: string | null;
  status: string | null;
  substatus: string | null;
  count: number;
  project: string | null;
  firstSeen: number | null;
}

export interface LivePollerDeps {
  org(): string | null;
  /** The most recently seen issues, fetched as background work. */
  list(org: string): Promise<PolledIssue[]>;
  budget: { snapshot(): RateBudgetSnapshot };
  burst: number;
  baseMs: number;
  maxMs?: number;
  clock: Clock;
  publish(change: Change): void;
  /** Whether this instance polls now (the Redis lock); absent: always. */
  lead?(ttlMs: number): Promise<boolean>;
  onError(error: unknown): void;
  onSchedule?(delay: PollDelay): void;
}

const MAX_REMEMBERED = 5_000;
/**
 * `firstSeen` is Sentry's clock, the previous poll's time ours; an issue created while that poll
 * was in flight is missing from its answer too. A minute of slack covers both.
 */
const FIRST_SEEN_SLACK_MS = 60_000;

export function createLivePoller(deps: LivePollerDeps) {
  const known = new Map<string, { count: number; status: string | null }>();
  let lastPollAt: number | null = null;
  const stop = new AbortController();
  let loop: Promise<void> | null = null;

  function diff(org: string, issues: PolledIssue[], since: number): Change[] {
    const events: Change[] = [];
    const counts: Array<{ issueId: string; project: string | null; events: number }> = [];
    for (const issue of issues) {
      const before = known.get(issue.id);
      const ref = { org, project: issue.project, issueId: issue.id };
      if (!before) {
        if (issue.firstSeen !== null && issue.firstSeen >= since - FIRST_SEEN_SLACK_MS) {
          const { title, shortId, level } = issue;
          events.push({ type: 'issue.created', ...ref, title, shortId, level, eventId: null });
        }
      } else {
        if (issue.count > before.count) {
          counts.push({ issueId: issue.id, project: issue.project, events: issue.count - before.count });
        }
        if (issue.status !== before.status) {
          const regressed =
            before.status === 'resolved' && issue.status === 'unresolved' && issue.substatus === 'regressed';
          const { title, shortId, level, status } = issue;
          events.push(
            regressed
              ? { type: 'issue.regressed', ...ref, title, shortId, level, eventId: null }
              : { type: 'issue.updated', ...ref, action: status ?? 'updated', status, origin: 'upstream' },
          );
        }
      }
      known.delete(issue.id);
      known.set(issue.id, { count: issue.count, status: issue.status });
    }
    while (known.size > MAX_REMEMBERED) known.delete(known.keys().next().value!);
    if (counts.length > 0) events.push({ type: 'issue.counts', org, counts });
    return events;
  }

  async function pollOnce(): Promise<void> {
    const org = deps.org();
    if (!org) return;
    const startedAt = deps.clock.now();
    const issues = await deps.list(org);
    if (lastPollAt !== null) for (const event of diff(org, issues, lastPollAt)) deps.publish(event);
    else for (const issue of issues) known.set(issue.id, { count: issue.count, status: issue.status });
    lastPollAt = startedAt;
  }

  async function run(): Promise<void> {
    const maxMs = deps.maxMs ?? Math.max(deps.baseMs * 8, 120_000);
    while (!stop.signal.aborted) {
      try {
        if (!deps.lead || (await deps.lead(maxMs * 2))) await pollOnce();
      } catch (error) {
        if (stop.signal.aborted) return;
        deps.onError(error);
      }
      const delay = nextPollDelay({
        baseMs: deps.baseMs,
        maxMs,
        burst: deps.burst,
        snapshot: deps.budget.snapshot(),
        now: deps.clock.now(),
      });
      deps.onSchedule?.(delay);
      await deps.clock.sleep(delay.delayMs, stop.signal).catch(() => {});
    }
  }

  return {
    pollOnce,
    /**
     * What Dexter itself just changed: the next poll compares against it, so it does not report
     * (and invalidate again) a change Dexter has already published. Only issues it watches.
     */
    note(issueId: string, state: { status: string | null; count: number }): void {
      if (known.has(issueId)) known.set(issueId, state);
    },
    start(): void {
      loop ??= run();
    },
    async stop(): Promise<void> {
      stop.abort(new Error('the poller is stopping'));
      await loop;
    },
  };
}
