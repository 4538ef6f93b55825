/**
 * The request bodies of issue mutations: Sentry's `GroupValidator` (spec `PUT
 * /organizations/{org}/issues/` and `PUT …/issues/{id}/`). Dexter's client writes them and the
 * built-in store reads them, so they are as lenient as clients are in practice: `null` for any
 * `statusDetails` value means "not set" and `assignedTo: ""` unassigns like `null`. The bounds and
 * messages are DRF's, as Sentry answers them. `merge` and `discard` belong to the bulk body only:
 * on a single issue they would leave no issue to return.
 */
import { z } from 'zod';

export const IssueStatusSchema = z.enum([
  'resolved',
  'unresolved',
  'ignored',
  'resolvedInNextRelease',
  'muted',
]);
export type IssueStatus = z.infer<typeof IssueStatusSchema>;

export const IGNORED_SUBSTATUSES = [
  'archived_until_escalating',
  'archived_until_condition_met',
  'archived_forever',
] as const;
export const UNRESOLVED_SUBSTATUSES = ['escalating', 'ongoing', 'regressed', 'new'] as const;
export const IssueSubstatusSchema = z.enum([...IGNORED_SUBSTATUSES, ...UNRESOLVED_SUBSTATUSES]);

export const IssuePrioritySchema = z.enum(['low', 'medium', 'high']);

/** Sentry's `BULK_MUTATION_LIMIT`: at most this many ids per bulk mutation. */
export const BULK_MUTATION_LIMIT = 1000;

const COUNT = z.number().int().min(1).nullish();
const WEEK_OF_MINUTES = 10_080;
const WINDOW = COUNT.refine(
  (minutes) => (minutes ?? 0) <= WEEK_OF_MINUTES,
  `Ensure this value is less than or equal to ${WEEK_OF_MINUTES}.`,
);

export const IssueStatusDetailsInputSchema = z.looseObject({
  /** A version, or `latest`: the release most recently seen first in the project. */
  inRelease: z.string().min(1).nullish(),
  inNextRelease: z.boolean().nullish(),
  inCommit: z.looseObject({ commit: z.string(), repository: z.string() }).nullish(),
  /** Minutes. */
  ignoreDuration: COUNT,
  ignoreCount: COUNT,
  /** Minutes, at most a week. */
  ignoreWindow: WINDOW,
  ignoreUserCount: COUNT,
  ignoreUserWindow: WINDOW,
});

export const IssueUpdateSchema = z.object({
  status: IssueStatusSchema.optional(),
  substatus: IssueSubstatusSchema.nullish(),
  statusDetails: IssueStatusDetailsInputSchema.optional(),
  /** `"user:<id>"`, `"team:<id>"`, a bare user id, a username or an email; null or `""` unassigns. */
  assignedTo: z.string().nullable().optional(),
  hasSeen: z.boolean().optional(),
  isBookmarked: z.boolean().optional(),
  isSubscribed: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  inbox: z.boolean().optional(),
  priority: IssuePrioritySchema.optional(),
});
export type IssueUpdate = z.infer<typeof IssueUpdateSchema>;

export const IssueBulkUpdateSchema = IssueUpdateSchema.extend({
  merge: z.boolean().optional(),
  discard: z.boolean().optional(),
});
export type IssueBulkUpdate = z.infer<typeof IssueBulkUpdateSchema>;
