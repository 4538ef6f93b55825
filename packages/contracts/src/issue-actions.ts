/**
 * Contracts of the triage actions around one issue: merging issues, comments, and the assignee
 * picker's members and teams. An assignee is written as the `assignee` string each member or team
 * carries (`user:<id>`, `team:<id>`), which is what `IssueUpdate.assignedTo` takes.
 */
import { z } from 'zod';
import { SentryIssueIdSchema } from './issues';

export const IssueMergeRequestSchema = z.strictObject({
  /** Issues of one project; the one with the most events becomes the parent. */
  ids: z.array(SentryIssueIdSchema).min(2).max(1000),
});
export type IssueMergeRequest = z.infer<typeof IssueMergeRequestSchema>;

export const IssueMergeResultSchema = z.object({ parent: z.string(), children: z.array(z.string()) });
export type IssueMergeResult = z.infer<typeof IssueMergeResultSchema>;

export const CommentAuthorSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const IssueCommentSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** The Sentry user the comment was written as (Dexter's Sentry identity for comments made here). */
  user: CommentAuthorSchema.nullable(),
  /** The Dexter user who wrote it; null for a comment not made through Dexter. */
  author: z.object({ id: z.number(), name: z.string() }).nullable(),
  /** Whether the caller may edit or delete it: its author, or an admin. */
  canEdit: z.boolean(),
  dateCreated: z.string().nullable(),
});
export type IssueComment = z.infer<typeof IssueCommentSchema>;

export const IssueCommentListSchema = z.object({
  comments: z.array(IssueCommentSchema),
  nextCursor: z.string().nullable(),
});
export type IssueCommentList = z.infer<typeof IssueCommentListSchema>;

export const IssueCommentBodySchema = z.strictObject({ text: z.string().trim().min(1).max(10_000) });
export type IssueCommentBody = z.infer<typeof IssueCommentBodySchema>;

export const PageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  /** Free text (members: email, name, username; teams: slug, name). */
  query: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export const OrganizationMemberSchema = z.object({
  id: z.string(),
  /** The member's user id; null for a pending invite, which cannot be assigned. */
  userId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.string().nullable(),
  pending: z.boolean(),
  /** `user:<userId>`, ready for `assignedTo`; null when the member cannot be assigned. */
  assignee: z.string().nullable(),
});
export type OrganizationMember = z.infer<typeof OrganizationMemberSchema>;

export const OrganizationMemberListSchema = z.object({
  members: z.array(OrganizationMemberSchema),
  nextCursor: z.string().nullable(),
});
export type OrganizationMemberList = z.infer<typeof OrganizationMemberListSchema>;

export const OrganizationTeamSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  /** `team:<id>`, ready for `assignedTo`. */
  assignee: z.string(),
});
export type OrganizationTeam = z.infer<typeof OrganizationTeamSchema>;

export const OrganizationTeamListSchema = z.object({
  teams: z.array(OrganizationTeamSchema),
  nextCursor: z.string().nullable(),
});
export type OrganizationTeamList = z.infer<typeof OrganizationTeamListSchema>;
