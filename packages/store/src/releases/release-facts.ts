/**
 * The dates releases are ordered by (`release-order.ts`), read from the store. A version has a
 * record when `sentry-cli` or the Web API created it; events may name versions nobody created
 * (Sentry would create their records on ingest, the store does not), so those are dated by when
 * the project first saw them on an event. Shared by the ingest writer's regression check and the
 * issue mutations, on whichever connection the caller holds.
 */
import { type Kysely, sql } from 'kysely';
import type { StoreDatabase } from '../db/schema';
import { latestRelease, type OrderedRelease } from './release-order';

type Db = Kysely<StoreDatabase>;

const orderDate = sql<number>`coalesce(releases.date_released, releases.date_created)`;

const organizationOf = (db: Db, projectId: number) =>
  db.selectFrom('projects').select('organization_id').where('id', '=', projectId);

/**
 * `version` as the project orders it; `unseen` dates a version with neither a record nor an
 * event yet (an event's own release, checked before its tags are written).
 */
export async function releaseOrderOf(
  db: Db,
  projectId: number,
  version: string,
  unseen: number,
): Promise<OrderedRelease> {
  const record = await db
    .selectFrom('releases')
    .select(orderDate.as('date'))
    .where('organization_id', '=', organizationOf(db, projectId))
    .where('version', '=', version)
    .executeTakeFirst();
  if (record) return { version, date: Number(record.date) };
  const seen = await db
    .selectFrom('issue_tags')
    .innerJoin('issues', 'issues.id', 'issue_tags.issue_id')
    .select((eb) => eb.fn.min<number>('issue_tags.first_seen').as('first'))
    .where('issue_tags.key', '=', 'release')
    .where('issue_tags.value', '=', version)
    .where('issues.project_id', '=', projectId)
    .executeTakeFirst();
  return { version, date: seen?.first ?? unseen };
}

/** Every release of the project: its records, and versions only its events named. */
export async function projectReleases(db: Db, projectId: number): Promise<OrderedRelease[]> {
  const records = await db
    .selectFrom('releases')
    .innerJoin('release_projects', 'release_projects.release_id', 'releases.id')
    .select(['releases.version', orderDate.as('date')])
    .where('release_projects.project_id', '=', projectId)
    .orderBy('releases.date_created')
    .orderBy('releases.id')
    .execute();
  const recorded = new Set(records.map((row) => row.version));
  const seen = await db
    .selectFrom('issue_tags')
    .innerJoin('issues', 'issues.id', 'issue_tags.issue_id')
    .select(['issue_tags.value as version', (eb) => eb.fn.min<number>('issue_tags.first_seen').as('date')])
    .where('issues.project_id', '=', projectId)
    .where('issue_tags.key', '=', 'release')
    .groupBy('issue_tags.value')
    .execute();
  return [
    ...seen.filter((row) => !recorded.has(row.version)),
    ...records.map((row) => ({ version: row.version, date: Number(row.date) })),
  ].map((row) => ({ version: row.version, date: Number(row.date) }));
}

/** The project's newest release (Sentry's `latest` and the basis of "next release"), or null. */
export async function latestProjectRelease(db: Db, projectId: number): Promise<string | null> {
  return latestRelease(await projectReleases(db, projectId))?.version ?? null;
}
