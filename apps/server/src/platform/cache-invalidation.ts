/**
 * Cache invalidation as a change-feed subscriber (invalidate stage, so it finishes before anyone
 * is told of the change): the cached Sentry answers a change makes stale are dropped, so a client
 * that refetches on hearing of it reads the new state.
 *
 * - created, regressed: `issues` (every list), `issue:<id>` and `issue-events:<id>`;
 * - updated: `issue:<id>`, and for a status change only the lists it can affect (those showing the
 *   issue, those of its new status: `derived-tags.ts`, as for a change made through Dexter); for
 *   any other change (an assignment) every list. A change made through Dexter is skipped: its
 *   mutation invalidated already, and again would only drop what was read since;
 * - counts: `issue:<id>` (its count) and `issue-events:<id>` (latest event, tags...) of each
 *   counted issue only. Lists keep their 15 s TTL, as designed: the browser adds the deltas to the
 *   rows it shows, and flushing every list on every ingest batch would turn the list cache off
 *   exactly when it matters.
 *
 * Only changes published on this instance: the cache (through Redis) is shared by all instances.
 */
import type { Change, ChangeSource } from '@dexter/change-feed';
import type { CacheStore } from '../upstream/cache-store';
import { type CacheTag, cacheTags } from '../upstream/cache-tags';
import { statusChangeTags } from '../upstream/derived-tags';

/** `issue.updated` actions that change the status and nothing else (webhook actions, poller statuses). */
const STATUS_ACTIONS = new Set(['resolved', 'unresolved', 'ignored', 'archived']);

export function tagsOf(change: Change): CacheTag[] {
  switch (change.type) {
    case 'issue.created':
    case 'issue.regressed':
      return [cacheTags.issues, cacheTags.issue(change.issueId), cacheTags.issueEvents(change.issueId)];
    case 'issue.updated': {
      if (change.origin === 'dexter') return [];
      const statusChange = STATUS_ACTIONS.has(change.action) && change.status !== null;
      return [
        cacheTags.issue(change.issueId),
        cacheTags.issueState(change.issueId),
        ...(statusChange ? statusChangeTags({ status: change.status }) : [cacheTags.issues]),
      ];
    }
    case 'issue.counts':
      return change.counts.flatMap((entry) => [
        cacheTags.issue(entry.issueId),
        cacheTags.issueEvents(entry.issueId),
      ]);
    case 'release.changed':
      return [cacheTags.releases];
    default:
      return [];
  }
}

export function subscribeCacheInvalidation(
  feed: ChangeSource,
  cache: Pick<CacheStore, 'bumpTags'>,
  log: { warn(object: object, message: string): void },
): () => void {
  return feed.subscribe(
    async (change) => {
      const tags = tagsOf(change);
      if (tags.length === 0) return;
      // Redis away: the change still goes out; entries expire by their TTL.
      await cache.bumpTags(tags).catch((error: unknown) => {
        log.warn({ err: error }, 'cache invalidation failed; the change goes out anyway');
      });
    },
    { stage: 'invalidate' },
  );
}
