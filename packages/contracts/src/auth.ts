import { z } from 'zod';

/** Roles in order of power: each includes everything the one before may do. */
export const RoleSchema = z.enum(['viewer', 'triager', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const ROLE_RANK: Record<Role, number> = { viewer: 1, triager: 2, admin: 3 };

export const roleAtLeast = (role: Role, needed: Role): boolean => ROLE_RANK[role] >= ROLE_RANK[needed];

/** Who is signed in, as the web app needs it. */
export const SessionUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  mustChangePassword: z.boolean(),
  authMethod: z.enum(['password', 'oidc', 'token']),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const SessionSchema = z.object({ user: SessionUserSchema });
export type Session = z.infer<typeof SessionSchema>;

/** What the sign-in page offers; public. */
export const AuthConfigSchema = z.object({
  localSignIn: z.boolean(),
  /** The server's mode, so the sign-in page can say what Dexter guards (a Sentry token or a store). */
  mode: z.enum(['standalone', 'companion']),
  oidc: z.object({ startUrl: z.string() }).nullable(),
});
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

export const SignInBodySchema = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(256),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

/** Name of the readable cookie that holds the CSRF token, echoed in `x-csrf-token`. */
export const CSRF_COOKIE = 'dexter_csrf';
export const CSRF_HEADER = 'x-csrf-token';
