/**
 * Reads of repositories and release commits. Pages of releases get their commit summaries
 * (`commitCount`, `authors`, `lastCommit`) in three batched queries, never one per release.
 */
import { sql } from 'kysely';
import type { StoreDb } from '../../db/database';
import type { ReleaseRow } from '../../db/schema';
import type { ApiContext } from '../http/api-context';
import type { CommitView } from './serialize-commit';

export interface CommitSummary {
  commitCount: number;
  authors: Array<{ name: string | null; email: string }>;
  lastCommit: CommitView | null;
}

function commitViews(db: StoreDb) {
  return db
    .selectFrom('release_commits')
    .innerJoin('commits', 'commits.id', 'release_commits.commit_id')
    .innerJoin('repositories', 'repositories.id', 'commits.repository_id')
    .leftJoin('commit_authors', 'commit_authors.id', 'commits.author_id')
    .select([
      'release_commits.release_id',
      'release_commits.position',
      'commits.id as commit_id',
      'commits.key',
      'commits.message',
      'commits.date_added',
      'repositories.id as repository_id',
      'repositories.organization_id',
      'repositories.name as repository_name',
      'repositories.date_created as repository_created',
      'commit_authors.name as author_name',
      'commit_authors.email as author_email',
    ]);
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof commitViews>['execute']>>[number];

const toView = (row: ViewRow): CommitView => ({
  commitId: row.commit_id,
  key: row.key,
  message: row.message,
  dateAdded: row.date_added,
  repository: {
    id: row.repository_id,
    organization_id: row.organization_id,
    name: row.repository_name,
    date_created: row.repository_created,
  },
  author: row.author_email === null ? null : { name: row.author_name, email: row.author_email },
});

export async function commitSummaries(ctx: ApiContext, releaseIds: number[]) {
  const summaries = new Map<number, CommitSummary>(
    releaseIds.map((id) => [id, { commitCount: 0, authors: [], lastCommit: null }]),
  );
  if (releaseIds.length === 0) return summaries;
  const counts = await ctx.db
    .selectFrom('release_commits')
    .select(['release_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('release_id', 'in', releaseIds)
    .groupBy('release_id')
    .execute();
  for (const row of counts) summaries.get(row.release_id)!.commitCount = Number(row.count);
  const heads = await commitViews(ctx.db)
    .where('release_commits.release_id', 'in', releaseIds)
    .where('release_commits.position', '=', 0)
    .execute();
  for (const row of heads) summaries.get(row.release_id)!.lastCommit = toView(row);
  const authors = await ctx.db
    .selectFrom('release_commits')
    .innerJoin('commits', 'commits.id', 'release_commits.commit_id')
    .innerJoin('commit_authors', 'commit_authors.id', 'commits.author_id')
    .select(['release_commits.release_id', 'commit_authors.name', 'commit_authors.email'])
    .where('release_commits.release_id', 'in', releaseIds)
    .groupBy(['release_commits.release_id', 'commit_authors.id'])
    .orderBy(sql`min(release_commits.position)`)
    .execute();
  for (const row of authors)
    summaries.get(row.release_id)!.authors.push({ name: row.name, email: row.email });
  return summaries;
}

/** One page of a release's commits, newest (first sent) first. */
export async function releaseCommitsPage(ctx: ApiContext, releaseId: number, offset: number, limit: number) {
  const rows = await commitViews(ctx.db)
    .where('release_commits.release_id', '=', releaseId)
    .orderBy('release_commits.position')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return { commits: rows.slice(0, limit).map(toView), hasMore: rows.length > limit };
}

/** Files each commit of a release touched, for matching stack frames to suspect commits. */
export async function commitFilesOfRelease(db: StoreDb, releaseId: number) {
  return db
    .selectFrom('release_commits')
    .innerJoin('commits', 'commits.id', 'release_commits.commit_id')
    .innerJoin('commit_file_changes', 'commit_file_changes.commit_id', 'commits.id')
    .select([
      'commits.id as commitId',
      'commits.key as sha',
      'commit_file_changes.filename',
      'commit_file_changes.type',
    ])
    .where('release_commits.release_id', '=', releaseId)
    .orderBy('release_commits.position')
    .orderBy('commit_file_changes.filename')
    .execute();
}

/**
 * The newest release of the organization created before this one that has commits (Sentry's
 * `previous-with-commits`, which sentry-cli `--local` reads for the last sha it sent), sharing a
 * project with it when it has projects.
 */
export async function previousReleaseWithCommits(ctx: ApiContext, release: ReleaseRow) {
  const projectIds = ctx.db
    .selectFrom('release_projects')
    .select('project_id')
    .where('release_id', '=', release.id);
  const hasProjects = await projectIds.executeTakeFirst();
  let select = ctx.db
    .selectFrom('releases')
    .selectAll()
    .where('organization_id', '=', release.organization_id)
    .where((eb) =>
      eb.or([
        eb('date_created', '<', release.date_created),
        eb.and([eb('date_created', '=', release.date_created), eb('id', '<', release.id)]),
      ]),
    )
    .where('id', 'in', (eb) => eb.selectFrom('release_commits').select('release_id'));
  if (hasProjects)
    select = select.where('id', 'in', (eb) =>
      eb.selectFrom('release_projects').select('release_id').where('project_id', 'in', projectIds),
    );
  return select.orderBy('date_created', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export async function repositoriesPage(
  ctx: ApiContext,
  organizationId: number,
  page: { query: string; offset: number; limit: number },
) {
  let select = ctx.db.selectFrom('repositories').selectAll().where('organization_id', '=', organizationId);
  if (page.query !== '')
    select = select.where(sql<boolean>`instr(lower(name), ${page.query.toLowerCase()}) > 0`);
  const rows = await select
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  return { repositories: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
