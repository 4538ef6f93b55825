/**
 * `buildApp(config, deps)`: the Fastify app as a tree of plugins registered explicitly. It does
 * not listen; `main.ts` does. Tests build the real app with their own config and deps.
 */
import type { Store } from '@dexter/store';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config/config';
import { healthRoutes } from './features/health/health-routes';
import { issuesRoutes } from './features/issues/issues-routes';
import { createIssuesService } from './features/issues/issues-service';
import { organizationsRoutes } from './features/organizations/organizations-routes';
import { createOrganizationsService } from './features/organizations/organizations-service';
import { errorHandlerPlugin } from './plugins/error-handler';
import { openApiPlugin } from './plugins/openapi';
import { webAppPlugin } from './plugins/web-app';
import type { SentryUpstream } from './upstream/sentry-upstream';

export const DEXTER_VERSION = '0.1.0';

export interface AppDeps {
  upstream: SentryUpstream;
  /** The built-in store, mounted on this server in standalone mode. */
  store: Store | null;
  /** Organization the UI opens by default (the bootstrap org, or `SENTRY_ORG`); known after boot. */
  defaultOrg: () => string | null;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandlerPlugin);
  await app.register(openApiPlugin, { version: DEXTER_VERSION });

  const sentry = deps.upstream.client;
  await app.register(healthRoutes, {
    checkUpstream: async () => {
      const org = deps.defaultOrg();
      if (org) await sentry.organizations.get(org);
      else await sentry.organizations.list();
    },
  });
  if (deps.store) await app.register(deps.store.plugin);

  await app.register(
    async (v1) => {
      await v1.register(organizationsRoutes, {
        organizations: createOrganizationsService({
          sentry,
          mode: config.mode,
          defaultOrg: deps.defaultOrg,
          version: DEXTER_VERSION,
        }),
      });
      await v1.register(issuesRoutes, { issues: createIssuesService({ sentry }) });
    },
    { prefix: '/api/v1' },
  );

  await app.register(webAppPlugin, { distDir: config.webDist });
  return app;
}
