import { z } from 'zod';
import { RoleSchema } from './auth';

export const ApiTokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** The first characters of the token, to tell tokens apart; the rest is never shown again. */
  prefix: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const ApiTokenListSchema = z.object({ tokens: z.array(ApiTokenSchema) });
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>;

export const MAX_TOKEN_DAYS = 365;

export const ApiTokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: RoleSchema,
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type ApiTokenCreate = z.infer<typeof ApiTokenCreateSchema>;

export const ApiTokenCreatedSchema = z.object({ token: ApiTokenSchema, secret: z.string() });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreatedSchema>;
