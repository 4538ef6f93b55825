/**
 * `GET /projects/{org}/{project}/events/{event_id}/committers/` (Sentry's
 * `EventFileCommittersEndpoint`, not in the public spec): the suspect commits of an event grouped
 * by author. Commits are Sentry's `CommitSerializer` without `author` plus `score` (matching path
 * segments) and `suspectCommitType`. The built-in store adds `matchedFile` (which changed file
 * matched which frame); sentry.io does not send it.
 */
import { z } from 'zod';
import { IdSchema, OptionalNumber, OptionalString } from './common';

const CommitterAuthorSchema = z.looseObject({
  id: IdSchema.nullish(),
  name: OptionalString,
  email: OptionalString,
  username: OptionalString,
});

export const SuspectCommitSchema = z.looseObject({
  id: z.string(),
  message: OptionalString,
  dateCreated: OptionalString,
  score: OptionalNumber,
  suspectCommitType: OptionalString,
  repository: z.looseObject({ name: OptionalString, url: OptionalString }).nullish(),
  matchedFile: z.looseObject({ filename: z.string(), framePath: OptionalString }).nullish(),
});
export type SuspectCommit = z.infer<typeof SuspectCommitSchema>;

export const EventCommittersSchema = z.looseObject({
  committers: z.array(
    z.looseObject({
      author: CommitterAuthorSchema.nullish(),
      commits: z.array(SuspectCommitSchema),
    }),
  ),
});
export type EventCommitters = z.infer<typeof EventCommittersSchema>;
