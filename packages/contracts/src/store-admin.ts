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
  /** Dexter's own gateway reads the store with this token: it cannot be revoked while Dexter runs. */
  usedByDexter: z.boolean().optional(),
});
export type StoreToken = z.infer<typeof StoreTokenSchema>;

export const StoreTokenListSchema = z.object({ tokens: z.array(StoreTokenSchema) });
export const StoreTokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(StoreScopeSchema).min(1).max(10),
});
export const StoreTokenCreatedSchema = z.object({ token: StoreTokenSchema, secret: z.string() });

/** A project of the built-in store, with how many of its DSN keys are live. */
export const StoreProjectSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  platform: z.string().nullable(),
  createdAt: z.string(),
  activeKeys: z.number(),
});
export type StoreProject = z.infer<typeof StoreProjectSchema>;
export const StoreProjectListSchema = z.object({ projects: z.array(StoreProjectSchema) });

/** Platforms offered when creating a project (Sentry's ids); the SDK sent later decides nothing. */
export const STORE_PLATFORMS = [
  'javascript',
  'javascript-react',
  'node',
  'python',
  'python-django',
  'go',
  'java',
  'ruby',
  'php',
  'dotnet',
  'rust',
  'other',
] as const;

export const StoreProjectCreateSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(50, 'must be at most 50 characters')
    .regex(/[a-zA-Z]/, 'must contain a letter'),
  platform: z.enum(STORE_PLATFORMS).nullable().optional(),
});
export type StoreProjectCreate = z.infer<typeof StoreProjectCreateSchema>;

export const StoreProjectSlugParamsSchema = z.object({ slug: z.string().min(1).max(100) });
/** A rotation's result: the new key and the old one, now revoked. */
export const StoreKeyRotatedSchema = z.object({ created: StoreKeySchema, revoked: StoreKeySchema });
export type StoreTokenCreated = z.infer<typeof StoreTokenCreatedSchema>;
