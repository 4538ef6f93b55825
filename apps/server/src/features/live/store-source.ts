/**
 * The built-in store as a live source: after each committed ingest batch (`store.onWritten`), a
 * new issue becomes `issue.created`, a reopened one `issue.regressed`, and every other event
 * counts toward `issue.counts` (coalesced by the publisher). The store reports issue ids only, so the
 * organization and project slugs (and, for new and regressed issues, the title) are read from
 * the store's database in one query per batch; where an issue lives is remembered (it does not
 * move), so a burst on known issues costs no query at all.
 */
import type { LiveEvent } from '@dexter/contracts';
import type { Store, WrittenEvent } from '@dexter/store';
import { LRUCache } from 'lru-cache';

interface IssueRow {
  id: number;
  title: string;
  level: string;
  project: string;
  org: string;
}

export interface StoreSourceDeps {
  store: Pick<Store, 'onWritten' | 'db'>;
  publish(event: LiveEvent): void;
  log: { warn(object: object, message: string): void };
}

export function startStoreSource({ store, publish, log }: StoreSourceDeps): () => void {
  const where = new LRUCache<number, { org: string; project: string }>({ max: 50_000 });

  const lookUp = (ids: number[]): Promise<IssueRow[]> =>
    ids.length === 0
      ? Promise.resolve([])
      : store.db
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

  async function handle(written: WrittenEvent[]): Promise<void> {
    const headline = written.filter((w) => w.isNewIssue || w.isRegression);
    const needed = new Set(headline.map((w) => w.issueId));
    for (const w of written) if (!where.has(w.issueId)) needed.add(w.issueId);
    const rows = new Map((await lookUp([...needed])).map((row) => [row.id, row]));
    for (const row of rows.values()) where.set(row.id, { org: row.org, project: row.project });

    for (const w of headline) {
      const row = rows.get(w.issueId);
      if (!row) continue;
      publish({
        type: w.isNewIssue ? 'issue.created' : 'issue.regressed',
        org: row.org,
        project: row.project,
        issueId: String(row.id),
        title: row.title,
        shortId: null,
        level: row.level,
        eventId: w.eventId,
      });
    }
    const counts = new Map<string, Array<{ issueId: string; project: string; events: number }>>();
    // The event that created an issue is its count of 1, which `issue.created` already says.
    for (const w of written) {
      if (w.isNewIssue) continue;
      const place = where.get(w.issueId);
      if (!place) continue;
      const list = counts.get(place.org) ?? [];
      list.push({ issueId: String(w.issueId), project: place.project, events: 1 });
      counts.set(place.org, list);
    }
    for (const [org, list] of counts) publish({ type: 'issue.counts', org, counts: list });
  }

  return store.onWritten((written) => {
    handle(written).catch((error: unknown) => log.warn({ err: error }, 'live: store events not published'));
  });
}
