/**
 * Reads and writes of releases and deploys. A page of releases is decorated with batched queries
 * (projects, deploy counts, last deploys, new issue counts, commit summaries), never one per release.
 */
import { sql } from 'kysely';
import type { ProjectRow, ReleaseRow } from '../../db/schema';
import { fieldError, notFound } from '../api-error';
import type { ApiContext } from '../http/api-context';
import { commitSummaries } from './commit-queries';
import type { ReleaseExtras } from './serialize-release';

export async function findRelease(ctx: ApiContext, organizationId: number, version: string) {
  const release = await ctx.db
    .selectFrom('releases')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!release) throw notFound();
  return release;
}

/** Project slugs or ids of the organization; any unknown one refuses the request, as Sentry does. */
export async function projectsOfOrg(ctx: ApiContext, organizationId: number, idsOrSlugs: string[]) {
  const wanted = [...new Set(idsOrSlugs)];
  if (wanted.length === 0) return [];
  const ids = wanted.filter((value) => /^\d{1,15}$/.test(value)).map(Number);
  const rows = await ctx.db
    .selectFrom('projects')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('slug', 'in', wanted), ...(ids.length > 0 ? [eb('id', 'in', ids)] : [])]))
    .execute();
  const known = new Set(rows.flatMap((row) => [row.slug, String(row.id)]));
  if (wanted.some((value) => !known.has(value))) throw fieldError('projects', 'Invalid project ids or slugs');
  return rows;
}

export async function addReleaseProjects(ctx: ApiContext, releaseId: number, projectIds: number[]) {
  if (projectIds.length === 0) return;
  await ctx.db
    .insertInto('release_projects')
    .values(projectIds.map((project_id) => ({ release_id: releaseId, project_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function releaseExtras(
  ctx: ApiContext,
  releases: ReleaseRow[],
): Promise<Map<number, ReleaseExtras>> {
  const ids = releases.map((release) => release.id);
  const extras = new Map<number, ReleaseExtras>(
    ids.map((id) => [
      id,
      {
        projects: [],
        newGroups: new Map(),
        deployCount: 0,
        lastDeploy: null,
        commits: { commitCount: 0, authors: [], lastCommit: null },
      },
    ]),
  );
  if (ids.length === 0) return extras;
  for (const [id, summary] of await commitSummaries(ctx, ids)) extras.get(id)!.commits = summary;
  const projects = await ctx.db
    .selectFrom('release_projects')
    .innerJoin('projects', 'projects.id', 'release_projects.project_id')
    .selectAll('projects')
    .select('release_projects.release_id')
    .where('release_projects.release_id', 'in', ids)
    .orderBy('projects.id')
    .execute();
  for (const { release_id, ...project } of projects)
    extras.get(release_id)?.projects.push(project as ProjectRow);
  const deploys = await ctx.db
    .selectFrom('deploys')
    .select(['release_id', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.max('id').as('last')])
    .where('release_id', 'in', ids)
    .groupBy('release_id')
    .execute();
  const lastIds = deploys.map((row) => Number(row.last));
  const lastRows =
    lastIds.length === 0
      ? []
      : await ctx.db.selectFrom('deploys').selectAll().where('id', 'in', lastIds).execute();
  for (const row of deploys) {
    const entry = extras.get(row.release_id);
    if (!entry) continue;
    entry.deployCount = Number(row.count);
    entry.lastDeploy = lastRows.find((deploy) => deploy.id === Number(row.last)) ?? null;
  }
  const projectIds = [...new Set(projects.map((project) => project.id))];
  if (projectIds.length === 0) return extras;
  const counts = await ctx.db
    .selectFrom('issues')
    .select(['project_id', 'first_release', (eb) => eb.fn.countAll<number>().as('count')])
    .where('project_id', 'in', projectIds)
    .where(
      'first_release',
      'in',
      releases.map((release) => release.version),
    )
    .groupBy(['project_id', 'first_release'])
    .execute();
  for (const release of releases) {
    const entry = extras.get(release.id)!;
    for (const row of counts) {
      if (row.first_release === release.version) entry.newGroups.set(row.project_id, Number(row.count));
    }
  }
  return extras;
}

/** Whether any issue of the organization first appeared in this release (Sentry then refuses deletion). */
export async function releaseIsReferenced(ctx: ApiContext, release: ReleaseRow): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('issues')
    .innerJoin('projects', 'projects.id', 'issues.project_id')
    .select(sql<number>`1`.as('one'))
    .where('projects.organization_id', '=', release.organization_id)
    .where('issues.first_release', '=', release.version)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteRelease(ctx: ApiContext, releaseId: number) {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('deploys').where('release_id', '=', releaseId).execute();
    await trx.deleteFrom('release_commits').where('release_id', '=', releaseId).execute();
    await trx.deleteFrom('release_projects').where('release_id', '=', releaseId).execute();
    await trx.deleteFrom('releases').where('id', '=', releaseId).execute();
  });
}
