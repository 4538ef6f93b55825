/**
 * `buildApp(platform, modules)`: the Fastify app as a tree of plugins registered explicitly: the
 * cross-cutting plugins, the built-in store's routes, then every feature module's routes. It does
 * not listen; `start-dexter.ts` does.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type ComposedFeature, registerApiRoutes, registerRootRoutes } from './platform/compose-features';
import { DEXTER_VERSION, type Platform } from './platform/platform';
import { clientErrorHandler, MAX_HEADER_BYTES } from './plugins/client-errors';
import { errorHandlerPlugin } from './plugins/error-handler';
import { DebugRequestLogController, loggerOptions } from './plugins/log-options';
import { metricsPlugin } from './plugins/metrics';
import { openApiPlugin } from './plugins/openapi';
import { responseMemoPlugin } from './plugins/response-memo';
import { securityPlugin } from './plugins/security';
import { upstreamContextPlugin } from './plugins/upstream-context';
import { webAppPlugin } from './plugins/web-app';

export async function buildApp(
  platform: Platform,
  modules: readonly ComposedFeature[],
): Promise<FastifyInstance> {
  const { config, upstream } = platform;
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    // Request lines at debug, not at info where they buried the start banner.
    logController: new DebugRequestLogController(),
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    trustProxy: config.security.trustProxy,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler,
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
    tagVersions: (tags) => upstream.pipeline.cacheStore.tagVersions(tags),
    clock: upstream.clock,
    maxBytes: Math.max(1, Math.floor(config.upstream.cacheMaxBytes / 4)),
    onOutcome: (route, outcome) => upstream.metrics.responseMemo.inc({ route, outcome }),
  });
  await app.register(metricsPlugin, {
    registry: upstream.metrics.registry,
    token: config.upstream.metricsToken,
  });
  await app.register(openApiPlugin, { version: DEXTER_VERSION });
  await app.register(securityPlugin, {
    config,
    services: platform.security,
    operations: platform.operations,
    redis: platform.redis?.client ?? null,
  });

  await registerRootRoutes(app, modules);
  if (platform.store) await app.register(platform.store.plugin);
  await app.register(async (v1) => registerApiRoutes(v1, modules), { prefix: '/api/v1' });

  await app.register(webAppPlugin, { distDir: config.webDist });
  return app;
}
