/**
 * What a release does to issues resolved ahead of it, as Sentry's release writes do:
 * - a new release settles "resolved in the next release" of its projects' issues
 *   (`clear_expired_resolutions`): they now show `inRelease` with it, and their
 *   `set_resolved_in_release` activity names its version;
 * - commits set on a release resolve the issues marked fixed by one of them (`inCommit`, Sentry's
 *   `GroupLink`) in that release (`Release.set_commits`), with a `set_resolved_in_release`
 *   activity by no one.
 * Regressions still compare against the release recorded at resolution (`issue-resolution.ts`).
 */
import { type Kysely, sql } from 'kysely';
import { insertActivities } from '../../db/activity-log';
import type { StoreDatabase } from '../../db/schema';
import { type IssueResolution, parseResolution } from '../../releases/issue-resolution';
import { releaseOrderOf } from '../../releases/release-facts';
import { compareReleases } from '../../releases/release-order';

type Db = Kysely<StoreDatabase>;

interface ReleaseRef {
  id: number;
  version: string;
}

const actorOf = (statusDetails: string) => {
  try {
    const actor = (JSON.parse(statusDetails) as { actor?: unknown }).actor;
    return actor === undefined ? {} : { actor };
  } catch {
    return {};
  }
};

/** Resolved issues of the release's projects whose resolution is of `type`. */
function resolvedIssues(db: Db, releaseId: number, type: IssueResolution['type']) {
  return db
    .selectFrom('issues')
    .select(['id', 'project_id', 'status_details', 'resolution'])
    .where('status', '=', 'resolved')
    .where(sql<string>`json_extract(resolution, '$.type')`, '=', type)
    .where('project_id', 'in', (eb) =>
      eb.selectFrom('release_projects').select('project_id').where('release_id', '=', releaseId),
    )
    .execute();
}

async function resolveInRelease(
  db: Db,
  issue: { id: number; status_details: string },
  resolution: IssueResolution,
  version: string,
) {
  await db
    .updateTable('issues')
    .set({
      resolution: JSON.stringify(resolution),
      status_details: JSON.stringify({ inRelease: version, ...actorOf(issue.status_details) }),
    })
    .where('id', '=', issue.id)
    .execute();
}

/**
 * After a release was created: it is the "next release" of issues resolved before it. Returns
 * the issues it settled.
 */
export async function settleNextReleaseResolutions(
  db: Db,
  release: ReleaseRef & { date: number },
): Promise<number[]> {
  const settled: number[] = [];
  for (const issue of await resolvedIssues(db, release.id, 'in_next_release')) {
    const resolution = parseResolution(issue.resolution);
    if (resolution?.type !== 'in_next_release' || resolution.release !== undefined) continue;
    const current = await releaseOrderOf(db, issue.project_id, resolution.current, 0);
    if (compareReleases({ version: release.version, date: release.date }, current) <= 0) continue;
    await resolveInRelease(db, issue, { ...resolution, release: release.version }, release.version);
    settled.push(issue.id);
    const activity = await db
      .selectFrom('activities')
      .select('id')
      .where('issue_id', '=', issue.id)
      .where('type', '=', 'set_resolved_in_release')
      .orderBy('date_created', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (activity)
      await db
        .updateTable('activities')
        .set({ data: JSON.stringify({ version: release.version }) })
        .where('id', '=', activity.id)
        .execute();
  }
  return settled;
}

/** After a release's commits were set, inside their transaction. Returns the issues it resolved. */
export async function resolveIssuesFixedInCommits(
  db: Db,
  release: ReleaseRef,
  now: number,
): Promise<number[]> {
  const pending = await resolvedIssues(db, release.id, 'in_commit');
  if (pending.length === 0) return [];
  const shipped = await db
    .selectFrom('release_commits')
    .innerJoin('commits', 'commits.id', 'release_commits.commit_id')
    .select(['commits.repository_id', 'commits.key'])
    .where('release_commits.release_id', '=', release.id)
    .execute();
  const keys = new Set(shipped.map((commit) => `${commit.repository_id}:${commit.key}`));
  const fixed = pending.filter((issue) => {
    const resolution = parseResolution(issue.resolution);
    return resolution?.type === 'in_commit' && keys.has(`${resolution.repositoryId}:${resolution.commit}`);
  });
  for (const issue of fixed)
    await resolveInRelease(db, issue, { type: 'in_release', release: release.version }, release.version);
  await insertActivities(
    db,
    fixed.map((issue) => ({
      issueId: issue.id,
      projectId: issue.project_id,
      type: 'set_resolved_in_release',
      memberId: null,
      data: { version: release.version },
      at: now,
    })),
  );
  return fixed.map((issue) => issue.id);
}
