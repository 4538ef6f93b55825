/**
 * Repositories and commits as Sentry's `RepositorySerializer` and `CommitSerializer` write them.
 * A repository without a VCS integration answers provider `unknown`, as Sentry does for a
 * repository whose provider it does not know; `id` is a string (sentry-cli requires it).
 * An author is `{name, email}` (Sentry's shape for an author who is not a member).
 */
import type { ReleaseRow, RepositoryRow } from '../../db/schema';

const iso = (ms: number) => new Date(ms).toISOString();

export function serializeRepository(repository: RepositoryRow) {
  return {
    id: String(repository.id),
    name: repository.name,
    url: null,
    provider: { id: 'unknown', name: 'Unknown Provider' },
    status: 'active',
    dateCreated: iso(repository.date_created),
    integrationId: null,
    externalSlug: null,
    externalId: null,
  };
}

export interface CommitView {
  commitId: number;
  key: string;
  message: string | null;
  dateAdded: number;
  repository: RepositoryRow;
  author: { name: string | null; email: string } | null;
}

export const serializeAuthor = (author: NonNullable<CommitView['author']>) => ({
  name: author.name ?? author.email,
  email: author.email,
});

export function serializeCommit(commit: CommitView, releases: ReleaseRow[] = []) {
  return {
    id: commit.key,
    message: commit.message,
    dateCreated: iso(commit.dateAdded),
    pullRequest: null,
    suspectCommitType: '',
    repository: serializeRepository(commit.repository),
    ...(commit.author === null ? {} : { author: serializeAuthor(commit.author) }),
    releases: releases.map((release) => ({
      version: release.version,
      shortVersion: release.version,
      ref: release.ref,
      url: release.url,
      dateReleased: release.date_released === null ? null : iso(release.date_released),
      dateCreated: iso(release.date_created),
    })),
  };
}
