import { z } from 'zod';

export const IssueStatusSchema = z.enum(['unresolved', 'resolved', 'ignored']);
export type IssueStatus = z.infer<typeof IssueStatusSchema>;

export const IssueLevelSchema = z.enum(['sample', 'debug', 'info', 'warning', 'error', 'fatal', 'unknown']);
export type IssueLevel = z.infer<typeof IssueLevelSchema>;

export const IssueSortSchema = z.enum(['date', 'new', 'freq', 'user']);
export type IssueSort = z.infer<typeof IssueSortSchema>;

/** An issue as Dexter's API serves it: Sentry's group, with `count` as a number. */
export const IssueSchema = z.object({
  id: z.string(),
  shortId: z.string(),
  title: z.string(),
  culprit: z.string(),
  level: z.string(),
  status: z.string(),
  platform: z.string().nullable(),
  count: z.number(),
  userCount: z.number(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  project: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  metadata: z.object({
    type: z.string().optional(),
    value: z.string().optional(),
    filename: z.string().optional(),
    function: z.string().optional(),
    title: z.string().optional(),
  }),
  permalink: z.string().nullable(),
});
export type Issue = z.infer<typeof IssueSchema>;

export const IssueListQuerySchema = z.object({
  query: z.string().max(2000).optional(),
  sort: IssueSortSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  project: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.union([z.string(), z.array(z.string())]).optional(),
});
export type IssueListQuery = z.infer<typeof IssueListQuerySchema>;

export const IssueListSchema = z.object({
  issues: z.array(IssueSchema),
  nextCursor: z.string().nullable(),
  previousCursor: z.string().nullable(),
  hits: z.number().nullable(),
});
export type IssueList = z.infer<typeof IssueListSchema>;

export const IssueUpdateSchema = z.object({ status: IssueStatusSchema });
export type IssueUpdate = z.infer<typeof IssueUpdateSchema>;
