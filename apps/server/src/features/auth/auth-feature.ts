/** Sign-in (password and SSO), sessions, password change and sign-out. */
import { defineFeature } from '../../platform/feature-module';
import { authRoutes } from './auth-routes';
import { oidcRoutes } from './oidc-routes';

export const authFeature = defineFeature({
  name: 'auth',
  create({ config, security }) {
    const cookies = { publicUrl: config.publicUrl, maxAgeMs: config.security.sessionMaxMs };
    return {
      api: async (v1) => {
        await v1.register(authRoutes, {
          auth: security.auth,
          cookies,
          oidcEnabled: security.oidc !== null,
          mode: config.mode,
        });
        await v1.register(oidcRoutes, {
          auth: security.auth,
          cookies,
          oidc: security.oidc,
          users: security.users,
          defaultRole: config.oidc?.defaultRole ?? 'viewer',
          publicUrl: config.publicUrl,
        });
      },
      operations: [
        'auth.config',
        'auth.signIn',
        'auth.session',
        'auth.changePassword',
        'auth.signOut',
        'auth.signOutEverywhere',
        'auth.oidcStart',
        'auth.oidcCallback',
      ],
    };
  },
});
