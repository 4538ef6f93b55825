/**
 * The private `issues.resolution` column: what a release-bound resolution remembers, Sentry's
 * `GroupResolution` (and, for commits, its `GroupLink`) in one JSON value. Written by the issue
 * mutations and the release writes, read by the ingest writer's regression check.
 *
 * - `in_next_release`: `current` is the project's newest release when it was resolved; events of
 *   it or older keep the issue resolved. `release` is the next release, once one was created.
 * - `in_release`: fixed in `release`; events of it or newer reopen the issue.
 * - `in_commit`: fixed by a commit no release of the project contains yet; any event reopens it
 *   (Sentry has no release to compare with either) until a release with the commit arrives and
 *   turns it into `in_release`.
 */
export type IssueResolution =
  | { type: 'in_next_release'; current: string; release?: string }
  | { type: 'in_release'; release: string }
  | { type: 'in_commit'; commit: string; repositoryId: number };

/** The resolution, or null for a plain one (or a value written before these shapes existed). */
export function parseResolution(text: string | null): IssueResolution | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Record<string, unknown>>;
    if (value.type === 'in_next_release' && typeof value.current === 'string')
      return value as IssueResolution;
    if (value.type === 'in_release' && typeof value.release === 'string') return value as IssueResolution;
    if (value.type === 'in_commit' && typeof value.commit === 'string') return value as IssueResolution;
    return null;
  } catch {
    return null;
  }
}
