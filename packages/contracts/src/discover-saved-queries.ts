/**
 * Saved Discover queries: a name for a raw Discover query (exactly the query string of
 * `…/discover/events`: `field=…&query=…&statsPeriod=…&sort=…`), per organization, private to
 * their owner unless shared. Kept in Dexter's own database in both modes (see the server's
 * `discover-saved-service.ts` for why).
 */
import { z } from 'zod';

/** A raw Discover query string; the server checks it with the store's query model. */
export const RawDiscoverQuerySchema = z.string().trim().min(1).max(4000);

export const SavedQueryInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  query: RawDiscoverQuerySchema,
  shared: z.boolean().default(false),
});
export type SavedQueryInput = z.input<typeof SavedQueryInputSchema>;

export const SavedQueryUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    query: RawDiscoverQuerySchema.optional(),
    shared: z.boolean().optional(),
  })
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    message: 'nothing to change',
  });
export type SavedQueryUpdate = z.infer<typeof SavedQueryUpdateSchema>;

export const OwnerSchema = z.object({ id: z.number(), name: z.string() });

export const SavedQuerySchema = z.object({
  id: z.number(),
  name: z.string(),
  query: z.string(),
  shared: z.boolean(),
  owner: OwnerSchema,
  /** Whether the caller may rename or delete it (owner or admin). */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedQuery = z.infer<typeof SavedQuerySchema>;

export const SavedQueryListSchema = z.object({ queries: z.array(SavedQuerySchema) });
export type SavedQueryList = z.infer<typeof SavedQueryListSchema>;
