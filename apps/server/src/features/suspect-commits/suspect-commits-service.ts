/**
 * Suspect commits of an issue through the upstream pipeline, the same code for the built-in store
 * and sentry.io: the issue's latest event, then that event's committers. Sentry answers 404 for
 * "no release" and "no commits" as for an unknown event, so a 404 there is an empty list; an
 * unknown issue is Dexter's own 404.
 */
import type { SuspectCommit, SuspectCommits } from '@dexter/contracts';
import { type SentryClient, SentryNotFoundError } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';

export interface SuspectCommitsServiceDeps {
  sentry: Pick<SentryClient, 'events'>;
}

type Committers = Awaited<ReturnType<SentryClient['events']['committers']>>;

/** A compact panel: more than this many suspects says nothing. */
const MAX_ITEMS = 5;

const firstLine = (message: string | null | undefined) => message?.split('\n', 1)[0]?.trim() || null;

export function toSuspectCommits(committers: Committers): SuspectCommit[] {
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
        return { eventId, items: toSuspectCommits(await sentry.events.committers(org, project, eventId)) };
      } catch (error) {
        if (error instanceof SentryNotFoundError) return { eventId, items: [] };
        throw error;
      }
    },
  };
}

export type SuspectCommitsService = ReturnType<typeof createSuspectCommitsService>;
