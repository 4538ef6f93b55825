/**
 * Everything the similarity feature asks of Sentry (or of the built-in store, through the same
 * client), behind one narrow interface so the service can be tested with an in-memory fake.
 *
 * Every call goes through the upstream pipeline (`upstream.client`): cached, budgeted, retried.
 * Per-id issue reads go through the batcher, so refreshing 40 cluster members is one list call.
 * Index maintenance passes `priority: 'background'`, so people waiting go first.
 */
import type { Issue } from '@dexter/contracts';
import {
  type RequestPriority,
  type SentryClient,
  type Event as SentryEvent,
  type Issue as SentryIssue,
  SentryNotFoundError,
} from '@dexter/sentry-client';
import { toIssue } from '../../sentry-mapping/issue-mapper';

export interface IssueSource {
  /** Current data of each id; null for an id that is gone (deleted, merged into another). */
  issues(org: string, ids: readonly string[], priority: RequestPriority): Promise<Map<string, Issue | null>>;
  /** The issue's latest event; null when it has none. */
  latestEvent(org: string, issueId: string, priority: RequestPriority): Promise<SentryEvent | null>;
  /** Issues of every status, most recently seen first, at most `limit`. */
  recent(org: string, limit: number, priority: RequestPriority): Promise<Issue[]>;
  /** Resolves or merges issues of ONE project; answers the merge parent when Sentry names one. */
  update(
    org: string,
    projectId: string,
    ids: readonly string[],
    change: { status: 'resolved' } | { merge: true },
  ): Promise<{ parentId: string | null }>;
}

export interface SentryIssueSourceDeps {
  sentry: Pick<SentryClient, 'issues' | 'events'>;
  batcher: {
    load(org: string, id: string, options?: { priority?: RequestPriority }): Promise<SentryIssue | null>;
  };
}

const PAGE_SIZE = 100;

export function createSentryIssueSource({ sentry, batcher }: SentryIssueSourceDeps): IssueSource {
  return {
    async issues(org, ids, priority) {
      const loaded = await Promise.all(ids.map((id) => batcher.load(org, id, { priority })));
      return new Map(ids.map((id, i) => [id, loaded[i] ? toIssue(loaded[i]) : null]));
    },

    async latestEvent(org, issueId, priority) {
      try {
        return await sentry.events.getForIssue(org, issueId, 'latest', { priority });
      } catch (error) {
        if (error instanceof SentryNotFoundError) return null;
        throw error;
      }
    },

    async recent(org, limit, priority) {
      const found: Issue[] = [];
      let cursor: string | undefined;
      while (found.length < limit) {
        const page = await sentry.issues.list(
          org,
          { query: '', sort: 'date', limit: Math.min(PAGE_SIZE, limit - found.length), cursor },
          { priority },
        );
        found.push(...page.data.map(toIssue));
        if (!page.page.next || page.data.length === 0) break;
        cursor = page.page.next;
      }
      return found.slice(0, limit);
    },

    async update(org, projectId, ids, change) {
      const result = await sentry.issues.bulkUpdate(org, { ids, project: [projectId] }, change);
      const parent = result?.merge?.parent;
      return { parentId: parent === null || parent === undefined ? null : String(parent) };
    },
  };
}
