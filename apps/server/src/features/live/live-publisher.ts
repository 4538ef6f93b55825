/**
 * The one way sources (store ingest, webhooks, the poller) publish: counts are coalesced per
 * `flushMs` window into one `issue.counts` message per organization, so a burst of 1,000 events
 * a second becomes about four messages a second per client; everything else goes out at once.
 * Before an event leaves, the cache entries it makes stale are invalidated, so a client that
 * refetches on receiving it reads the new state:
 *
 * - created, regressed: `issues` (every list), `issue:<id>` and `issue-events:<id>`;
 * - updated: `issue:<id>`, and for a status change only the lists it can affect (those showing the
 *   issue, those of its new status: `derived-tags.ts`, as for a change made through Dexter); for
 *   any other change (an assignment) every list;
 * - counts: `issue:<id>` (its count) and `issue-events:<id>` (latest event, tags...) of each
 *   counted issue only. Lists keep their 15 s TTL, as designed: the
 *   browser adds the deltas to the rows it shows, and flushing every list four times a second
 *   under load would turn the list cache off exactly when it matters.
 *
 * Invariants: a pending window never holds more than `maxPendingIssues` issues (it flushes
 * early); a failed invalidation (Redis away) is logged and the event still goes out.
 */
import type { LiveEvent } from '@dexter/contracts';
import type { CacheStore } from '../../upstream/cache-store';
import { statusChangeTags } from '../../upstream/derived-tags';
import type { LiveBus } from './live-bus';

/** `issue.updated` actions that change the status and nothing else (webhook actions, poller statuses). */
const STATUS_ACTIONS = new Set(['resolved', 'unresolved', 'ignored', 'archived']);

type Counts = Extract<LiveEvent, { type: 'issue.counts' }>;

export interface LivePublisherOptions {
  bus: Pick<LiveBus, 'publish'>;
  cache: Pick<CacheStore, 'bumpTags'>;
  flushMs?: number;
  maxPendingIssues?: number;
  log: { warn(object: object, message: string): void };
}

export function tagsOf(event: LiveEvent): string[] {
  switch (event.type) {
    case 'issue.created':
    case 'issue.regressed':
      return ['issues', `issue:${event.issueId}`, `issue-events:${event.issueId}`];
    case 'issue.updated': {
      const statusChange = STATUS_ACTIONS.has(event.action) && event.status !== null;
      return [
        `issue:${event.issueId}`,
        `issue-state:${event.issueId}`,
        ...(statusChange ? statusChangeTags({ status: event.status }) : ['issues']),
      ];
    }
    case 'issue.counts':
      return event.counts.flatMap((entry) => [`issue:${entry.issueId}`, `issue-events:${entry.issueId}`]);
    default:
      return [];
  }
}

export function createLivePublisher(options: LivePublisherOptions) {
  const { bus, cache, log } = options;
  const flushMs = options.flushMs ?? 250;
  const maxPending = options.maxPendingIssues ?? 5_000;
  const pending = new Map<string, { org: string } & Counts['counts'][number]>();
  let timer: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<void>>();

  async function send(event: LiveEvent, invalidated = false): Promise<void> {
    const tags = invalidated ? [] : tagsOf(event);
    if (tags.length > 0) {
      await cache.bumpTags(tags).catch((error: unknown) => {
        log.warn({ err: error }, 'live: cache invalidation failed; the event goes out anyway');
      });
    }
    await bus.publish(event);
  }

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const byOrg = new Map<string, Counts['counts']>();
    for (const { org, ...entry } of pending.values()) {
      const list = byOrg.get(org) ?? [];
      list.push(entry);
      byOrg.set(org, list);
    }
    pending.clear();
    for (const [org, counts] of byOrg) track(send({ type: 'issue.counts', org, counts }));
  }

  return {
    /**
     * `invalidated`: the change's cache entries are already dropped (a change made through Dexter,
     * whose mutation invalidated them): dropping them again would only drop what was read since.
     */
    publish(event: LiveEvent, { invalidated = false } = {}): void {
      if (event.type !== 'issue.counts') {
        track(send(event, invalidated));
        return;
      }
      for (const entry of event.counts) {
        const key = `${event.org}\n${entry.issueId}`;
        const known = pending.get(key);
        if (known) known.events += entry.events;
        else pending.set(key, { org: event.org, ...entry });
      }
      if (pending.size >= maxPending) flush();
      else timer ??= setTimeout(flush, flushMs);
    },
    /** Sends the pending counts now and waits for everything in flight (tests, shutdown). */
    async idle(): Promise<void> {
      flush();
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

export type LivePublisher = ReturnType<typeof createLivePublisher>;
