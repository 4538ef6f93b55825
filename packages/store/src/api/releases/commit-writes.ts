/**
 * Records a release's commits as Sentry's `Release.set_commits` does: the list sent replaces the
 * release's commits, in the order sent (the first is the newest, the release's `lastCommit`);
 * repositories and authors are created on first use; a commit already known (same repository and
 * sha) keeps its row and takes the newer message, author and files. `refs` name each repository's
 * head commit: without a VCS integration the store cannot list the commits between
 * `previousCommit` and `commit`, so a ref records its head commit only, and only when the PUT has
 * no `commits`. Issues marked fixed by one of the commits are then resolved in the release
 * (`release-resolutions.ts`); their ids are returned. All of it is one transaction.
 */
import type { Transaction } from 'kysely';
import type { StoreDb } from '../../db/database';
import type { StoreDatabase } from '../../db/schema';
import type { CommitInput, RefInput } from './commit-values';
import { resolveIssuesFixedInCommits } from './release-resolutions';

type Trx = Transaction<StoreDatabase>;

async function repositoryId(trx: Trx, organizationId: number, name: string, now: number) {
  await trx
    .insertInto('repositories')
    .values({ organization_id: organizationId, name, date_created: now })
    .onConflict((oc) => oc.columns(['organization_id', 'name']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('repositories')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function authorId(trx: Trx, organizationId: number, commit: CommitInput) {
  if (commit.authorEmail === null) return null;
  await trx
    .insertInto('commit_authors')
    .values({ organization_id: organizationId, name: commit.authorName, email: commit.authorEmail })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'email']).doUpdateSet({ name: (eb) => eb.ref('excluded.name') }),
    )
    .execute();
  const row = await trx
    .selectFrom('commit_authors')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('email', '=', commit.authorEmail)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function upsertCommit(trx: Trx, organizationId: number, commit: CommitInput, now: number) {
  const repository_id = await repositoryId(trx, organizationId, commit.repository, now);
  const author_id = await authorId(trx, organizationId, commit);
  const values = { message: commit.message, author_id, date_added: commit.timestamp ?? now };
  await trx
    .insertInto('commits')
    .values({ organization_id: organizationId, repository_id, key: commit.id, ...values })
    .onConflict((oc) => oc.columns(['repository_id', 'key']).doUpdateSet(values))
    .execute();
  const row = await trx
    .selectFrom('commits')
    .select('id')
    .where('repository_id', '=', repository_id)
    .where('key', '=', commit.id)
    .executeTakeFirstOrThrow();
  if (commit.patchSet.length > 0) {
    await trx.deleteFrom('commit_file_changes').where('commit_id', '=', row.id).execute();
    const files = new Map(commit.patchSet.map((file) => [file.path, file.type]));
    await trx
      .insertInto('commit_file_changes')
      .values([...files].map(([filename, type]) => ({ commit_id: row.id, filename, type })))
      .execute();
  }
  return row.id;
}

const refCommit = (ref: RefInput): CommitInput => ({
  id: ref.commit,
  repository: ref.repository,
  message: null,
  authorName: null,
  authorEmail: null,
  timestamp: null,
  patchSet: [],
});

export async function setReleaseCommits(
  db: StoreDb,
  release: { id: number; organization_id: number; version: string },
  input: { commits: CommitInput[] | undefined; refs: RefInput[] | undefined },
  now: number,
) {
  const commits = input.commits ?? input.refs?.map(refCommit);
  if (commits === undefined) return [];
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('release_commits').where('release_id', '=', release.id).execute();
    const seen = new Set<number>();
    for (const commit of commits) {
      const id = await upsertCommit(trx, release.organization_id, commit, now);
      if (seen.has(id)) continue;
      await trx
        .insertInto('release_commits')
        .values({ release_id: release.id, commit_id: id, position: seen.size })
        .execute();
      seen.add(id);
    }
    return resolveIssuesFixedInCommits(trx, release, now);
  });
}
