/**
 * Suspect commits of an issue as Dexter's API answers them, in both modes: the commits of the
 * issue's first release (and the few before it) that touched the files in its latest event's
 * frames, best first. `matchedFile` is null where the upstream does not say which file matched
 * (sentry.io); an empty list when there is nothing to suspect (no release, no commits, no match).
 */
import { z } from 'zod';

export const SuspectCommitSchema = z.object({
  sha: z.string(),
  /** The first line of the commit message. */
  title: z.string().nullable(),
  author: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  dateCreated: z.string().nullable(),
  repository: z.string().nullable(),
  /** The changed file that matched a frame, and that frame's path. */
  matchedFile: z.object({ filename: z.string(), framePath: z.string().nullable() }).nullable(),
  /** Matching path segments. */
  score: z.number().nullable(),
});
export type SuspectCommit = z.infer<typeof SuspectCommitSchema>;

export const SuspectCommitsSchema = z.object({
  /** The event whose frames were matched, or null when the issue has none. */
  eventId: z.string().nullable(),
  items: z.array(SuspectCommitSchema),
});
export type SuspectCommits = z.infer<typeof SuspectCommitsSchema>;
