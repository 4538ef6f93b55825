/**
 * From the change feed to this instance's sockets: counts are coalesced per `flushMs` window into
 * one `issue.counts` message per organization, so a burst of 1,000 events a second becomes about
 * four messages a second per client; everything else goes out at once. Only what browsers may
 * see leaves: a change's stack, origin and read-back count stay on the server. (The cache was
 * invalidated before the feed handed the change on: `platform/cache-invalidation.ts`.)
 *
 * Invariant: a pending window never holds more than `maxPendingIssues` issues (it flushes early).
 */
import type { Change } from '@dexter/change-feed';
import type { LiveEvent } from '@dexter/contracts';

type Counts = Extract<LiveEvent, { type: 'issue.counts' }>;

export interface LivePublisherOptions {
  deliver(event: LiveEvent): void;
  flushMs?: number;
  maxPendingIssues?: number;
}

/** The browser's view of a change: the fields the live contract defines, nothing else. */
export function liveEventOf(change: Change): LiveEvent {
  switch (change.type) {
    case 'issue.created':
    case 'issue.regressed': {
      const { type, org, project, issueId, title, shortId, level, eventId } = change;
      return { type, org, project, issueId, title, shortId, level, eventId };
    }
    case 'issue.updated': {
      const { type, org, project, issueId, action, status } = change;
      return { type, org, project, issueId, action, status };
    }
    default:
      return change;
  }
}

export function createLivePublisher(options: LivePublisherOptions) {
  const { deliver } = options;
  const flushMs = options.flushMs ?? 250;
  const maxPending = options.maxPendingIssues ?? 5_000;
  const pending = new Map<string, { org: string } & Counts['counts'][number]>();
  let timer: NodeJS.Timeout | null = null;

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
    for (const [org, counts] of byOrg) deliver({ type: 'issue.counts', org, counts });
  }

  return {
    publish(change: Change): void {
      if (change.type !== 'issue.counts') {
        deliver(liveEventOf(change));
        return;
      }
      for (const entry of change.counts) {
        const key = `${change.org}\n${entry.issueId}`;
        const known = pending.get(key);
        if (known) known.events += entry.events;
        else pending.set(key, { org: change.org, ...entry });
      }
      if (pending.size >= maxPending) flush();
      else timer ??= setTimeout(flush, flushMs);
    },
    /** Sends the pending counts now (tests, shutdown). */
    flush,
  };
}

export type LivePublisher = ReturnType<typeof createLivePublisher>;
