/**
 * Issue activity (`ActivitySerializer`): `GET /organizations/{org}/issues/{id}/activities/`
 * answers `{"activity": [...]}` and comments are activities of type `note` with `data.text`
 * (neither is in the public spec; shapes from Sentry's server source). `type` stays an open
 * string: Sentry adds activity types over time, and an unknown one must not fail the list.
 * A comment is written as `{text, mentions?}` (`NoteSerializer`), with DRF's messages.
 */
import { z } from 'zod';
import { IdSchema, OptionalString } from './common';
import { SentryUserSchema } from './user';

export const IssueActivitySchema = z.looseObject({
  id: IdSchema,
  /** `set_resolved`, `assigned`, `note`, `merge`, `first_seen`, … */
  type: z.string(),
  data: z.record(z.string(), z.unknown()).nullish(),
  /** Null for system entries (regressions, first seen). */
  user: SentryUserSchema.nullish(),
  dateCreated: OptionalString,
});
export type IssueActivity = z.infer<typeof IssueActivitySchema>;

export const IssueActivitiesSchema = z.looseObject({ activity: z.array(IssueActivitySchema) });

/** A comment: a `note` activity whose `data.text` is the comment. */
export const IssueCommentSchema = IssueActivitySchema.extend({
  data: z.looseObject({ text: OptionalString }).nullish(),
});
export type IssueComment = z.infer<typeof IssueCommentSchema>;

/** Body of `POST` and `PUT …/issues/{id}/comments/`; `mentions` are actor strings. */
export const CommentBodySchema = z.object({
  text: z.string({ error: 'This field is required.' }).trim().min(1, 'This field may not be blank.'),
  mentions: z.array(z.string()).optional(),
});
export type CommentBody = z.input<typeof CommentBodySchema>;
