import { z } from 'zod';
import { RoleSchema } from './auth';

export const UsernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._@-]*$/, 'letters, digits, and . _ @ - only');

export const UserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  authMethod: z.enum(['password', 'oidc']),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const UserListSchema = z.object({ users: z.array(UserSchema) });
export type UserList = z.infer<typeof UserListSchema>;

export const UserCreateSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(100).optional(),
  email: z.email().max(200).optional(),
  role: RoleSchema,
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .object({ role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, 'give a role or disabled');
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

/** A new account or a password reset: the one-time password is shown once, then only its hash exists. */
export const UserWithPasswordSchema = z.object({ user: UserSchema, oneTimePassword: z.string() });
export type UserWithPassword = z.infer<typeof UserWithPasswordSchema>;
