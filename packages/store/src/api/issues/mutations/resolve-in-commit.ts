/**
 * `statusDetails.inCommit` of an issue mutation, as Sentry's `InCommitValidator` and
 * `update_groups` read it: the repository must be one of the organization's (else 400 naming
 * `statusDetails.inCommit.repository`); the commit is serialized (Sentry's `CommitSerializer`)
 * for the `set_resolved_in_commit` activity.
 *
 * Unlike Sentry, a commit the store does not know yet is accepted: without a VCS integration the
 * store learns commits only from `set-commits`, which comes with the release that ships the fix,
 * after someone marked the issue fixed by it. Its `dateCreated` is then the resolution's time.
 */
import { sql } from 'kysely';
import type { StoreDb } from '../../../db/database';
import { latestRelease } from '../../../releases/release-order';
import { ApiError } from '../../api-error';
import { type CommitView, serializeCommit } from '../../releases/serialize-commit';

const MAX_SHA = 64;

const inCommitError = (field: 'commit' | 'repository', message: string) =>
  new ApiError(400, `statusDetails.inCommit.${field}: ${message}`, {
    statusDetails: { inCommit: { [field]: [message] } },
  });

export interface CommitTarget {
  sha: string;
  repositoryId: number;
  /** Serialized as Sentry's `CommitSerializer`, for the activity. */
  commit: Record<string, unknown>;
  /** The newest release of the project that already contains the commit, or null. */
  release: string | null;
}

export async function commitToResolveIn(
  db: StoreDb,
  projectId: number,
  input: { commit: string; repository: string },
  now: number,
): Promise<CommitTarget> {
  const sha = input.commit.trim();
  if (sha === '') throw inCommitError('commit', 'This field may not be blank.');
  if (sha.length > MAX_SHA)
    throw inCommitError('commit', `Ensure this field has no more than ${MAX_SHA} characters.`);
  const repository = await db
    .selectFrom('repositories')
    .selectAll()
    .where('organization_id', '=', (eb) =>
      eb.selectFrom('projects').select('organization_id').where('id', '=', projectId),
    )
    .where('name', '=', input.repository)
    .executeTakeFirst();
  if (!repository) throw inCommitError('repository', 'Unable to find the given repository.');
  const known = await db
    .selectFrom('commits')
    .leftJoin('commit_authors', 'commit_authors.id', 'commits.author_id')
    .select([
      'commits.id',
      'commits.message',
      'commits.date_added',
      'commit_authors.name as author_name',
      'commit_authors.email as author_email',
    ])
    .where('commits.repository_id', '=', repository.id)
    .where('commits.key', '=', sha)
    .executeTakeFirst();
  const view: CommitView = {
    commitId: known?.id ?? 0,
    key: sha,
    message: known?.message ?? null,
    dateAdded: known?.date_added ?? now,
    repository,
    author: known?.author_email ? { name: known.author_name, email: known.author_email } : null,
  };
  const releases = known
    ? await db
        .selectFrom('release_commits')
        .innerJoin('releases', 'releases.id', 'release_commits.release_id')
        .innerJoin('release_projects', 'release_projects.release_id', 'releases.id')
        .select([
          'releases.version',
          sql<number>`coalesce(releases.date_released, releases.date_created)`.as('date'),
        ])
        .where('release_commits.commit_id', '=', known.id)
        .where('release_projects.project_id', '=', projectId)
        .execute()
    : [];
  return {
    sha,
    repositoryId: repository.id,
    commit: serializeCommit(view),
    release:
      latestRelease(releases.map((row) => ({ version: row.version, date: Number(row.date) })))?.version ??
      null,
  };
}
