import { z } from 'zod';

/** A DSN key of a built-in store project; revoked keys stay listed so the history is visible. */
export const StoreKeySchema = z.object({
  id: z.number(),
  projectId: z.string(),
  projectSlug: z.string(),
  label: z.string(),
  publicKey: z.string(),
  dsn: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type StoreKey = z.infer<typeof StoreKeySchema>;

export const StoreKeyListSchema = z.object({ keys: z.array(StoreKeySchema) });
export const StoreKeyCreateSchema = z.object({
  projectId: z.string().regex(/^\d+$/),
  label: z.string().trim().min(1).max(100),
});

export const StoreScopeSchema = z.enum([
  'org:read',
  'org:write',
  'org:admin',
  'project:read',
  'project:write',
  'project:admin',
  'project:releases',
  'event:read',
  'event:write',
  'event:admin',
]);
export type StoreScope = z.infer<typeof StoreScopeSchema>;

/** A bearer token of the built-in store's `/api/0`; the token itself is only shown at creation. */
export const StoreTokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type StoreToken = z.infer<typeof StoreTokenSchema>;

export const StoreTokenListSchema = z.object({ tokens: z.array(StoreTokenSchema) });
export const StoreTokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(StoreScopeSchema).min(1).max(10),
});
export const StoreTokenCreatedSchema = z.object({ token: StoreTokenSchema, secret: z.string() });
