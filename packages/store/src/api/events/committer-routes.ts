/**
 * `GET /api/0/projects/{org}/{project}/events/{event_id}/committers/`, Sentry's
 * `EventFileCommittersEndpoint` (not in the public spec; shape and 404 messages from Sentry's
 * source): `{committers: [{author, commits: [commit + score]}]}`, authors in the order of their
 * best-ranked commit. Candidates are the commits of the first release and the
 * `EARLIER_RELEASES` releases of the project before it (`release-order.ts`), matched to the
 * event's frames by `suspect-commits.ts`.
 *
 * Beyond Sentry's shape, each commit carries `matchedFile` (`{filename, framePath}`): which
 * changed file matched which frame, so a reader can say why it is suspect.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { readStoredEvent } from '../../ingest/write/event-body';
import { compareReleases, type OrderedRelease } from '../../releases/release-order';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization, findProject } from '../http/api-context';
import { serializeAuthor, serializeCommit } from '../releases/serialize-commit';
import { type ChangedFile, framePaths, rankSuspects } from './suspect-commits';

/** Releases before the first one whose commits are candidates too (Sentry looks at 5 in all). */
const EARLIER_RELEASES = 3;

type CommittersRoute = { Params: { org: string; project: string; eventId: string } };

async function candidateReleases(ctx: ApiContext, projectId: number, firstVersion: string) {
  const rows = await ctx.db
    .selectFrom('releases')
    .innerJoin('release_projects', 'release_projects.release_id', 'releases.id')
    .select([
      'releases.id',
      'releases.version',
      sql<number>`coalesce(releases.date_released, releases.date_created)`.as('date'),
    ])
    .where('release_projects.project_id', '=', projectId)
    .execute();
  const first = rows.find((row) => row.version === firstVersion);
  if (!first) return [];
  const ordered = (row: { version: string; date: number }): OrderedRelease => ({
    version: row.version,
    date: Number(row.date),
  });
  return rows
    .filter((row) => compareReleases(ordered(row), ordered(first)) <= 0)
    .sort((a, b) => compareReleases(ordered(b), ordered(a)))
    .slice(0, EARLIER_RELEASES + 1);
}

export async function committerRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<CommittersRoute>('/api/0/projects/:org/:project/events/:eventId/committers/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const project = await findProject(ctx, org.id, request.params.project);
    const row = await ctx.db
      .selectFrom('events')
      .innerJoin('issues', 'issues.id', 'events.issue_id')
      .select([
        'events.data',
        'events.body',
        'events.body_encoding',
        'events.raw',
        'events.raw_encoding',
        'issues.first_release',
      ])
      .where('events.project_id', '=', project.id)
      .where('events.event_id', '=', request.params.eventId.toLowerCase().replace(/-/g, ''))
      .executeTakeFirst();
    if (!row) throw new ApiError(404, 'Event not found');
    const releases = row.first_release ? await candidateReleases(ctx, project.id, row.first_release) : [];
    if (releases.length === 0) throw new ApiError(404, 'Release not found');
    const releaseIds = releases.map((release) => release.id);
    const commits = await ctx.db
      .selectFrom('release_commits')
      .innerJoin('commits', 'commits.id', 'release_commits.commit_id')
      .innerJoin('repositories', 'repositories.id', 'commits.repository_id')
      .leftJoin('commit_authors', 'commit_authors.id', 'commits.author_id')
      .select([
        'commits.id as commitId',
        'commits.key',
        'commits.message',
        'commits.date_added',
        'commit_authors.id as author_id',
        'commit_authors.name as author_name',
        'commit_authors.email as author_email',
        'repositories.id as repository_id',
        'repositories.organization_id',
        'repositories.name as repository_name',
        'repositories.date_created as repository_created',
      ])
      .where('release_commits.release_id', 'in', releaseIds)
      .execute();
    if (commits.length === 0) throw new ApiError(404, 'No Commits found for Release');
    const byId = new Map(commits.map((commit) => [commit.commitId, commit]));
    const files: ChangedFile[] = (
      await ctx.db
        .selectFrom('commit_file_changes')
        .select(['commit_id', 'filename'])
        .where('commit_id', 'in', [...byId.keys()])
        .execute()
    ).map((file) => ({
      commitId: file.commit_id,
      filename: file.filename,
      date: byId.get(file.commit_id)!.date_added,
    }));
    const suspects = rankSuspects(framePaths(readStoredEvent(row)), files);

    const committers = new Map<string, { author: unknown; commits: unknown[] }>();
    for (const suspect of suspects) {
      const commit = byId.get(suspect.commitId)!;
      const author =
        commit.author_email === null ? null : { name: commit.author_name, email: commit.author_email };
      const key = author?.email ?? '';
      const entry = committers.get(key) ?? { author: author && serializeAuthor(author), commits: [] };
      const { author: _author, ...serialized } = serializeCommit({
        commitId: commit.commitId,
        key: commit.key,
        message: commit.message,
        dateAdded: commit.date_added,
        repository: {
          id: commit.repository_id,
          organization_id: commit.organization_id,
          name: commit.repository_name,
          date_created: commit.repository_created,
        },
        author: null,
      });
      entry.commits.push({
        ...serialized,
        suspectCommitType: 'via commit in release',
        score: suspect.score,
        matchedFile: { filename: suspect.filename, framePath: suspect.framePath },
      });
      committers.set(key, entry);
    }
    return { committers: [...committers.values()] };
  });
}
