/**
 * `buildApp(config, deps)`: the Fastify app as a tree of plugins registered explicitly. It does
 * not listen; `main.ts` does. Tests build the real app with their own config and deps.
 */
import type { Store } from '@dexter/store';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config/config';
import { healthRoutes } from './features/health/health-routes';
import type { Triage } from './features/issues/create-triage';
import type { Live } from './features/live/create-live';
import { organizationsRoutes } from './features/organizations/organizations-routes';
import { createOrganizationsService } from './features/organizations/organizations-service';
import { securityRoutes } from './features/security-routes';
import { similarityRoutes } from './features/similarity/similarity-routes';
import type { SimilarityService } from './features/similarity/similarity-service';
import { errorHandlerPlugin } from './plugins/error-handler';
import { metricsPlugin } from './plugins/metrics';
import { openApiPlugin } from './plugins/openapi';
import { responseMemoPlugin } from './plugins/response-memo';
import { securityPlugin } from './plugins/security';
import { upstreamContextPlugin } from './plugins/upstream-context';
import { webAppPlugin } from './plugins/web-app';
import type { SecurityServices } from './security/security-services';
import type { OperationTable } from './upstream/operation-table';
import type { SentryUpstream } from './upstream/sentry-upstream';

export const DEXTER_VERSION = '0.1.0';

export interface AppDeps {
  upstream: SentryUpstream;
  /** The built-in store, mounted on this server in standalone mode. */
  store: Store | null;
  /** Organization the UI opens by default (the bootstrap org, or `SENTRY_ORG`); known after boot. */
  defaultOrg: () => string | null;
  /** Accounts, sessions, tokens, audit log, secrets, SSO, SSRF guard (security-services.ts). */
  security: SecurityServices;
  /** The operation table: every `/api/v1` route's role comes from its row. */
  operations: Pick<OperationTable, 'get'>;
  /** Where SDKs reach this server (DSNs of new store keys); known after listen. */
  publicUrl: () => string;
  /** The store token the gateway uses, which must not be revoked while Dexter runs. */
  gatewayToken: () => string | null;
  /** Similar issues, clusters, verdicts (features/similarity/create-similarity.ts). */
  similarity: SimilarityService;
  /** Issue search and actions, bulk jobs, exports, saved views (features/issues/create-triage.ts). */
  triage: Pick<Triage, 'plugin'>;
  /** The live WebSocket and Sentry's webhooks (features/live/create-live.ts). */
  live: Pick<Live, 'plugin'>;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    trustProxy: config.security.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandlerPlugin);
  await app.register(upstreamContextPlugin);
  await app.register(responseMemoPlugin, {
    tagVersions: (tags) => deps.upstream.pipeline.cacheStore.tagVersions(tags),
    clock: deps.upstream.clock,
    maxBytes: Math.max(1, Math.floor(config.upstream.cacheMaxBytes / 4)),
    onOutcome: (route, outcome) => deps.upstream.metrics.responseMemo.inc({ route, outcome }),
  });
  await app.register(metricsPlugin, {
    registry: deps.upstream.metrics.registry,
    token: config.upstream.metricsToken,
  });
  await app.register(openApiPlugin, { version: DEXTER_VERSION });
  await app.register(securityPlugin, { config, services: deps.security, operations: deps.operations });

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
      await v1.register(deps.triage.plugin);
      await v1.register(similarityRoutes, { similarity: deps.similarity });
      await v1.register(deps.live.plugin);
      await securityRoutes(v1, {
        config,
        services: deps.security,
        storeAdmin: deps.store?.admin ?? null,
        publicUrl: deps.publicUrl,
        gatewayToken: deps.gatewayToken,
      });
    },
    { prefix: '/api/v1' },
  );

  await app.register(webAppPlugin, { distDir: config.webDist });
  return app;
}
