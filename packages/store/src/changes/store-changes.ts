/**
 * The built-in store as a source of the change feed: after each committed ingest batch, a new
 * issue becomes `issue.created`, a reopened one `issue.regressed` (both with the new event's
 * stack, so similarity indexing need not read it back), and every other event counts toward one
 * `issue.counts` per organization. The write path knows issue ids only, so organization and
 * project slugs (and, for new and regressed issues, title and level) are read in one query per
 * batch; where an issue lives never changes, so it is remembered and a burst on known issues
 * costs no query at all.
 *
 * Releases change issues too: one whose commits fix an issue resolves it, and that is told as
 * `issue.updated` (origin `upstream`, as a webhook would), so caches and live pages follow. A
 * release written through `/api/0` (created, updated, deleted, deployed) is `release.changed`.
 *
 * Invariant: changes of one batch are published in order, and a batch's changes are published
 * before the next batch's.
 */
import { type Change, type ChangeSource, createChangeFeed } from '@dexter/change-feed';
import type { Kysely } from 'kysely';
import type { StoreDatabase } from '../db/schema';
import type { WrittenEvent } from '../ingest/write/event-writer';

interface IssueRow {
  id: number;
  title: string;
  level: string;
  project: string;
  org: string;
}

/** Issues whose place is remembered; beyond this, the least recently written are looked up again. */
const REMEMBERED_ISSUES = 50_000;

export interface StoreChanges {
  /** What the store exports: subscribe to its changes. */
  source: ChangeSource;
  /** The write queue's callback: one committed batch of new (non-duplicate) events. */
  written(batch: readonly WrittenEvent[]): void;
  /**
   * Issues whose status an `/api/0` write changed besides their own update (a release resolving
   * the issues fixed in its commits), after it committed: told as `issue.updated` from upstream.
   */
  statusChanged(issueIds: readonly number[], status: string): void;
  /** A release, its deploys or its commits were written through `/api/0`, after it committed. */
  releaseChanged(organizationId: number, version: string): void;
  /** Waits for batches being turned into changes (tests, shutdown). */
  idle(): Promise<void>;
}

export function createStoreChanges(
  db: Kysely<StoreDatabase>,
  onError: (error: unknown) => void,
): StoreChanges {
  const feed = createChangeFeed({ onError: (error) => onError(error) });
  const where = new Map<number, { org: string; project: string }>();
  let chain: Promise<void> = Promise.resolve();

  const remember = (id: number, place: { org: string; project: string }) => {
    where.delete(id);
    where.set(id, place);
    if (where.size > REMEMBERED_ISSUES) where.delete(where.keys().next().value as number);
  };

  const lookUp = (ids: number[]): Promise<IssueRow[]> =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('issues')
          .innerJoin('projects', 'projects.id', 'issues.project_id')
          .innerJoin('organizations', 'organizations.id', 'projects.organization_id')
          .select([
            'issues.id as id',
            'issues.title as title',
            'issues.level as level',
            'projects.slug as project',
            'organizations.slug as org',
          ])
          .where('issues.id', 'in', ids)
          .execute();

  async function changesOf(batch: readonly WrittenEvent[]): Promise<Change[]> {
    const headline = batch.filter((w) => w.isNewIssue || w.isRegression);
    const needed = new Set(headline.map((w) => w.issueId));
    for (const w of batch) if (!where.has(w.issueId)) needed.add(w.issueId);
    const rows = new Map((await lookUp([...needed])).map((row) => [row.id, row]));
    for (const row of rows.values()) remember(row.id, { org: row.org, project: row.project });

    const changes: Change[] = [];
    for (const w of headline) {
      const row = rows.get(w.issueId);
      if (!row) continue;
      changes.push({
        type: w.isNewIssue ? 'issue.created' : 'issue.regressed',
        org: row.org,
        project: row.project,
        issueId: String(row.id),
        title: row.title,
        shortId: null,
        level: row.level,
        eventId: w.eventId,
        stack: w.stack,
      });
    }
    // One entry per issue and organization, however many of the batch's events it got. The event
    // that created an issue is its count of 1, which `issue.created` already says.
    const counts = new Map<string, Map<number, { issueId: string; project: string; events: number }>>();
    for (const w of batch) {
      if (w.isNewIssue) continue;
      const place = where.get(w.issueId);
      if (!place) continue;
      const issues = counts.get(place.org) ?? new Map();
      const known = issues.get(w.issueId);
      if (known) known.events += 1;
      else issues.set(w.issueId, { issueId: String(w.issueId), project: place.project, events: 1 });
      counts.set(place.org, issues);
    }
    for (const [org, issues] of counts)
      changes.push({ type: 'issue.counts', org, counts: [...issues.values()] });
    return changes;
  }

  return {
    source: { subscribe: feed.subscribe },
    written(batch) {
      if (batch.length === 0) return;
      chain = chain
        .then(async () => {
          for (const change of await changesOf(batch)) await feed.publish(change);
        })
        .catch(onError);
    },
    statusChanged(issueIds, status) {
      if (issueIds.length === 0) return;
      chain = chain
        .then(async () => {
          for (const row of await lookUp([...issueIds])) {
            remember(row.id, { org: row.org, project: row.project });
            await feed.publish({
              type: 'issue.updated',
              org: row.org,
              project: row.project,
              issueId: String(row.id),
              action: status,
              status,
              count: null,
              origin: 'upstream',
            });
          }
        })
        .catch(onError);
    },
    releaseChanged(organizationId, version) {
      chain = chain
        .then(async () => {
          const org = await db
            .selectFrom('organizations')
            .select('slug')
            .where('id', '=', organizationId)
            .executeTakeFirst();
          if (org) await feed.publish({ type: 'release.changed', org: org.slug, version });
        })
        .catch(onError);
    },
    async idle() {
      await chain;
      await feed.idle();
    },
  };
}
