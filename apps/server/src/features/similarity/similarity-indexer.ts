/**
 * Keeps an organization's index in step with Sentry: issue data for what is already indexed, the
 * latest event for what is new (or regressed, whose stack may have moved), removal of what is gone.
 *
 * Invariants: at most `concurrency` event fetches run at once; one issue whose event cannot be read
 * is logged and skipped, never failing the rest; an issue without any event still gets an item (from
 * its metadata), so it can be found and clustered by type and message.
 */
import type { Issue } from '@dexter/contracts';
import type { RequestPriority } from '@dexter/sentry-client';
import { issueItem, issueItemFromStack } from './issue-item';
import type { IssueSource } from './issue-source';
import { createOrgIndex, DEFAULT_MAX_ISSUES, type OrgIndex } from './org-index';

export interface IndexerDeps {
  source: IssueSource;
  log: { warn(object: object, message: string): void };
  concurrency?: number;
  maxIssues?: number;
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function createSimilarityIndexer({
  source,
  log,
  concurrency = 4,
  maxIssues = DEFAULT_MAX_ISSUES,
}: IndexerDeps) {
  /**
   * Puts these issues in the index; `stackChanged` ids get their latest event read again, unless
   * `knownStacks` already holds their exception chain (the built-in store hands it over).
   */
  async function apply(
    org: string,
    index: OrgIndex,
    issues: readonly Issue[],
    stackChanged: ReadonlySet<string>,
    priority: RequestPriority,
    knownStacks: ReadonlyMap<string, readonly object[]> = new Map(),
  ): Promise<void> {
    const needEvent = issues.filter((issue) => !index.has(issue.id) || stackChanged.has(issue.id));
    for (const issue of issues) if (!needEvent.includes(issue)) index.refresh(issue);
    const needRead: Issue[] = [];
    for (const issue of needEvent) {
      const stack = knownStacks.get(issue.id);
      if (stack) index.put({ issue, item: issueItemFromStack(issue, stack) });
      else needRead.push(issue);
    }
    await forEachLimited(needRead, concurrency, async (issue) => {
      try {
        index.put({ issue, item: issueItem(issue, await source.latestEvent(org, issue.id, priority)) });
      } catch (error) {
        log.warn({ err: error, org, issueId: issue.id }, 'similarity: latest event unreadable; skipped');
      }
    });
  }

  return {
    apply,

    /** Reads these ids from Sentry and applies them; ids that are gone leave the index. */
    async sync(
      org: string,
      index: OrgIndex,
      ids: readonly string[],
      stackChanged: ReadonlySet<string>,
      priority: RequestPriority,
      knownStacks?: ReadonlyMap<string, readonly object[]>,
    ): Promise<void> {
      const found = await source.issues(org, ids, priority);
      const present: Issue[] = [];
      for (const [id, issue] of found) {
        if (issue) present.push(issue);
        else index.remove(id);
      }
      await apply(org, index, present, stackChanged, priority, knownStacks);
    },

    /** The `limit` most recently seen issues, into `index`. */
    async refreshRecent(org: string, index: OrgIndex, limit: number, priority: RequestPriority) {
      await apply(org, index, await source.recent(org, limit, priority), new Set(), priority);
    },

    /** A new index of the `limit` most recently seen issues. */
    async build(org: string, limit: number, priority: RequestPriority): Promise<OrgIndex> {
      const index = createOrgIndex([], maxIssues);
      await apply(org, index, await source.recent(org, limit, priority), new Set(), priority);
      return index;
    },
  };
}

export type SimilarityIndexer = ReturnType<typeof createSimilarityIndexer>;
