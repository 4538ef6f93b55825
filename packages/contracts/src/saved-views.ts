/**
 * Saved views of the issue stream: a name for a search (query, sort, projects). Each user sees
 * their own views and everyone's shared ones; only the owner or an admin changes or deletes one.
 */
import { z } from 'zod';
import { IssueListSortSchema } from './issues';

export const SavedViewInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  query: z.string().max(2000),
  sort: IssueListSortSchema.default('date'),
  /** Project ids; empty means every project. */
  projects: z
    .array(z.string().regex(/^\d{1,20}$/))
    .max(100)
    .default([]),
  shared: z.boolean().default(false),
});
export type SavedViewInput = z.input<typeof SavedViewInputSchema>;

export const SavedViewUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    query: z.string().max(2000).optional(),
    sort: IssueListSortSchema.optional(),
    projects: z
      .array(z.string().regex(/^\d{1,20}$/))
      .max(100)
      .optional(),
    shared: z.boolean().optional(),
  })
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    message: 'nothing to change',
  });
export type SavedViewUpdate = z.infer<typeof SavedViewUpdateSchema>;

export const SavedViewSchema = z.object({
  id: z.number(),
  name: z.string(),
  query: z.string(),
  sort: IssueListSortSchema,
  projects: z.array(z.string()),
  shared: z.boolean(),
  owner: z.object({ id: z.number(), name: z.string() }),
  /** Whether the caller may change or delete it (owner or admin). */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof SavedViewSchema>;

export const SavedViewListSchema = z.object({ views: z.array(SavedViewSchema) });
export type SavedViewList = z.infer<typeof SavedViewListSchema>;
