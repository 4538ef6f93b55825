/**
 * Contracts of bulk jobs: one change applied to any number of issues, chosen by id or as "every
 * issue matching this search". The server resolves the exact id set first (`preview` tells the UI
 * how many before it starts), then applies the change in the background, at most 1,000 issues
 * per Sentry call, and keeps a result per issue: nothing is silently lost.
 */
import { z } from 'zod';
import { IssueUpdateSchema, SentryIssueIdSchema } from './issues';

/** Most ids one request may name; beyond that, select by query. */
export const MAX_BULK_IDS = 100_000;

export const BulkIdsSelectionSchema = z.strictObject({
  ids: z.array(SentryIssueIdSchema).min(1).max(MAX_BULK_IDS),
});

export const BulkQuerySelectionSchema = z.strictObject({
  /** Dexter search syntax; `''` selects every issue. */
  query: z.string().max(2000),
  project: z
    .array(z.string().regex(/^\d{1,20}$/))
    .max(100)
    .optional(),
  environment: z.array(z.string().min(1).max(200)).max(100).optional(),
});

export const BulkSelectionSchema = z.union([BulkIdsSelectionSchema, BulkQuerySelectionSchema]);
export type BulkSelection = z.infer<typeof BulkSelectionSchema>;

export const BulkPreviewSchema = z.object({
  /** The exact number of issues the job would change. */
  total: z.number(),
  projects: z.array(z.object({ id: z.string(), slug: z.string(), count: z.number() })),
  /** Ids of an id selection that name no issue (deleted, merged, not visible); the job reports them failed. */
  notFound: z.number(),
});
export type BulkPreview = z.infer<typeof BulkPreviewSchema>;

export const BulkJobCreateSchema = z.union([
  BulkIdsSelectionSchema.extend({ action: IssueUpdateSchema }),
  BulkQuerySelectionSchema.extend({ action: IssueUpdateSchema }),
]);
export type BulkJobCreate = z.infer<typeof BulkJobCreateSchema>;

/**
 * `resolving`: collecting the exact id set; `running`: applying; `completed`: every issue has a
 * result (some may have failed); `failed`: the id set could not be resolved (see `error`).
 */
export const BulkJobStateSchema = z.enum(['resolving', 'running', 'completed', 'failed']);
export type BulkJobState = z.infer<typeof BulkJobStateSchema>;

export const BulkJobSchema = z.object({
  id: z.number(),
  state: BulkJobStateSchema,
  action: IssueUpdateSchema,
  /** What was selected: a count of ids, or the search (the exact ids are the job's items). */
  selection: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ids'), count: z.number() }),
    z.object({
      kind: z.literal('query'),
      query: z.string(),
      project: z.array(z.string()),
      environment: z.array(z.string()),
    }),
  ]),
  /** Issues in the job; known once resolving ends (0 before). */
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  pending: z.number(),
  createdBy: z.object({ userId: z.number().nullable(), name: z.string().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type BulkJob = z.infer<typeof BulkJobSchema>;

export const BulkJobListSchema = z.object({ jobs: z.array(BulkJobSchema) });
export type BulkJobList = z.infer<typeof BulkJobListSchema>;

export const BulkItemStatusSchema = z.enum(['pending', 'done', 'failed']);
export type BulkItemStatus = z.infer<typeof BulkItemStatusSchema>;

export const BulkJobItemSchema = z.object({
  issueId: z.string(),
  projectId: z.string(),
  status: BulkItemStatusSchema,
  /** Why it failed (the chunk's upstream error, or what the read-back found). */
  error: z.string().nullable(),
  attempts: z.number(),
  updatedAt: z.string(),
});
export type BulkJobItem = z.infer<typeof BulkJobItemSchema>;

export const BulkJobItemsQuerySchema = z.object({
  status: BulkItemStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  /** The last `issueId` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});
export type BulkJobItemsQuery = z.infer<typeof BulkJobItemsQuerySchema>;

export const BulkJobItemListSchema = z.object({
  items: z.array(BulkJobItemSchema),
  nextCursor: z.string().nullable(),
});
export type BulkJobItemList = z.infer<typeof BulkJobItemListSchema>;
