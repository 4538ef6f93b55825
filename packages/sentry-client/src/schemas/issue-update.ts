/**
 * The request bodies of issue mutations (`GroupValidator` in Sentry, spec `PUT
 * /organizations/{org}/issues/`). Unlike the response schemas these are strict: Dexter writes them,
 * so a typo should fail to compile, and the gateway can reuse the schemas to validate its own input.
 * `merge` and `discard` exist only on the bulk body: on a single issue they would leave no issue to
 * return.
 */
import { z } from 'zod';

export const IssueStatusSchema = z.enum([
  'resolved',
  'unresolved',
  'ignored',
  'resolvedInNextRelease',
  'muted',
]);

export const IssueSubstatusSchema = z.enum([
  'archived_until_escalating',
  'archived_until_condition_met',
  'archived_forever',
  'escalating',
  'ongoing',
  'regressed',
  'new',
]);

export const IssueUpdateSchema = z.object({
  status: IssueStatusSchema.optional(),
  substatus: IssueSubstatusSchema.nullable().optional(),
  statusDetails: z
    .object({
      inRelease: z.string().optional(),
      inNextRelease: z.boolean().optional(),
      inCommit: z.object({ commit: z.string(), repository: z.string() }).optional(),
      ignoreDuration: z.number().int().optional(),
      ignoreCount: z.number().int().optional(),
      ignoreWindow: z.number().int().optional(),
      ignoreUserCount: z.number().int().optional(),
      ignoreUserWindow: z.number().int().optional(),
    })
    .optional(),
  /** `"user:<id>"`, `"team:<id>"`, a username or email; null unassigns. */
  assignedTo: z.string().nullable().optional(),
  hasSeen: z.boolean().optional(),
  isBookmarked: z.boolean().optional(),
  isSubscribed: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  inbox: z.boolean().optional(),
  priority: z.enum(['low', 'medium', 'high']).optional(),
});
export type IssueUpdate = z.input<typeof IssueUpdateSchema>;

export const IssueBulkUpdateSchema = IssueUpdateSchema.extend({
  merge: z.boolean().optional(),
  discard: z.boolean().optional(),
});
export type IssueBulkUpdate = z.input<typeof IssueBulkUpdateSchema>;
