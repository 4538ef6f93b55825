/**
 * Suspect commits of an issue through the upstream pipeline, the same code for the built-in store
 * and sentry.io: the issue's latest event, then that event's committers, listed best first. Sentry answers 404 for
 * "no release" and "no commits" as for an unknown event, so a 404 there is an empty list; an
 * unknown issue is Dexter's own 404.
 */
import type { SuspectCommit, SuspectCommits } from '@dexter/contracts';
import { type Event, getExceptionEntry, type SentryClient, SentryNotFoundError } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';

export interface SuspectCommitsServiceDeps {
  sentry: Pick<SentryClient, 'events'>;
}

type Committers = Awaited<ReturnType<SentryClient['events']['committers']>>;

/** A compact panel: more than this many suspects says nothing. */
const MAX_ITEMS = 5;

const firstLine = (message: string | null | undefined) => message?.split('\n', 1)[0]?.trim() || null;

/**
 * Where each in-app frame path of the event sits, the crashing frame at 0: the thrown exception's
 * frames first, then its causes'. Sentry groups suspects by author, which scatters their rank;
 * the store names each commit's frame (`matchedFile.framePath`), so the panel can list them
 * crashing frame first again.
 */
export function framePositions(event: Event): Map<string, number> {
  const values = getExceptionEntry(event)?.values ?? [];
  const positions = new Map<string, number>();
  for (const value of [...values].reverse()) {
    for (const frame of [...(value.stacktrace?.frames ?? [])].reverse()) {
      const path = frame.inApp ? (frame.filename ?? frame.absPath) : null;
      if (path && !positions.has(path)) positions.set(path, positions.size);
    }
  }
  return positions;
}

/**
 * The commits, best first: by the frame they matched (when the upstream says which), then by
 * the length of the match, then the newer one; at most `MAX_ITEMS`.
 */
export function toSuspectCommits(
  committers: Committers,
  positions: ReadonlyMap<string, number> = new Map(),
): SuspectCommit[] {
  const position = (commit: SuspectCommit) =>
    positions.get(commit.matchedFile?.framePath ?? '') ?? Number.POSITIVE_INFINITY;
  const time = (commit: SuspectCommit) => Date.parse(commit.dateCreated ?? '') || 0;
  return committers.committers
    .flatMap(({ author, commits }) =>
      commits.map((commit) => ({
        sha: commit.id,
        title: firstLine(commit.message),
        author: author ? { name: author.name ?? author.username ?? null, email: author.email ?? null } : null,
        dateCreated: commit.dateCreated ?? null,
        repository: commit.repository?.name ?? null,
        matchedFile: commit.matchedFile
          ? { filename: commit.matchedFile.filename, framePath: commit.matchedFile.framePath ?? null }
          : null,
        score: commit.score ?? null,
      })),
    )
    .sort((a, b) => {
      const [pa, pb] = [position(a), position(b)];
      return (pa === pb ? 0 : pa - pb) || (b.score ?? 0) - (a.score ?? 0) || time(b) - time(a);
    })
    .slice(0, MAX_ITEMS);
}

export function createSuspectCommitsService({ sentry }: SuspectCommitsServiceDeps) {
  return {
    async forIssue(org: string, issueId: string): Promise<SuspectCommits> {
      const event = await sentry.events.getForIssue(org, issueId, 'latest').catch((error: unknown) => {
        if (error instanceof SentryNotFoundError)
          throw new DexterError('DEXTER_ERR_NOT_FOUND', `issue ${issueId} not found`);
        throw error;
      });
      const eventId = event.eventID ?? event.id;
      const project = event.projectID;
      if (!eventId || !project) return { eventId: null, items: [] };
      try {
        const committers = await sentry.events.committers(org, project, eventId);
        return { eventId, items: toSuspectCommits(committers, framePositions(event)) };
      } catch (error) {
        if (error instanceof SentryNotFoundError) return { eventId, items: [] };
        throw error;
      }
    },
  };
}

export type SuspectCommitsService = ReturnType<typeof createSuspectCommitsService>;
