/**
 * The `/api/v1` routes of sign-in, accounts, personal API tokens, the audit log, secrets and the
 * built-in store's credentials, registered together inside the `/api/v1` scope by `buildApp`.
 * (The live socket, guarded the same way, is registered with the rest of live updates.)
 */
import type { StoreAdmin } from '@dexter/store';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config';
import type { SecurityServices } from '../security/security-services';
import { auditRoutes } from './audit/audit-routes';
import { authRoutes } from './auth/auth-routes';
import { oidcRoutes } from './auth/oidc-routes';
import { secretsRoutes } from './secrets/secrets-routes';
import { storeAdminRoutes } from './store-admin/store-admin-routes';
import { tokensRoutes } from './tokens/tokens-routes';
import { usersRoutes } from './users/users-routes';

export interface SecurityRoutesDeps {
  config: Config;
  services: SecurityServices;
  storeAdmin: StoreAdmin | null;
  publicUrl: () => string;
  gatewayToken: () => string | null;
}

export async function securityRoutes(v1: FastifyInstance, deps: SecurityRoutesDeps): Promise<void> {
  const { config, services } = deps;
  const cookies = { publicUrl: config.publicUrl, maxAgeMs: config.security.sessionMaxMs };
  await v1.register(authRoutes, { auth: services.auth, cookies, oidcEnabled: services.oidc !== null });
  await v1.register(oidcRoutes, {
    auth: services.auth,
    cookies,
    oidc: services.oidc,
    users: services.users,
    defaultRole: config.oidc?.defaultRole ?? 'viewer',
    publicUrl: config.publicUrl,
  });
  await v1.register(usersRoutes, { users: services.users });
  await v1.register(tokensRoutes, { tokens: services.tokens });
  await v1.register(auditRoutes, { audit: services.audit });
  await v1.register(secretsRoutes, { secrets: services.secrets });
  await v1.register(storeAdminRoutes, {
    admin: deps.storeAdmin,
    publicUrl: deps.publicUrl,
    gatewayToken: deps.gatewayToken,
  });
}
