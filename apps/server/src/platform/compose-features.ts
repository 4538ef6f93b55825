/**
 * Composes the feature list over the platform: creates each module with a feed scoped to what it
 * declares, registers its routes (checking that each names an operation the module declares and
 * the table gives a role), starts the modules in order once the server listens, and stops them in
 * reverse order before it closes.
 */
import type { FastifyInstance } from 'fastify';
import type { Feature, FeatureModule } from './feature-module';
import { type Platform, scopeFeed } from './platform';

export interface ComposedFeature {
  name: string;
  module: FeatureModule;
}

export function createModules(features: readonly Feature[], platform: Platform): ComposedFeature[] {
  const names = new Set<string>();
  return features.map((feature) => {
    if (names.has(feature.name)) throw new Error(`two features are named ${feature.name}`);
    names.add(feature.name);
    const module = feature.create({ ...platform, feed: scopeFeed(platform.feed, feature.name, feature) });
    for (const operation of module.operations ?? []) {
      if (!platform.operations.roleOf(operation))
        throw new Error(
          `feature ${feature.name}: operation ${operation} has no row with a role in the table`,
        );
    }
    return { name: feature.name, module };
  });
}

/** Registers one module's routes; a route whose operation the module does not declare stops the start. */
async function registerRoutes(
  app: FastifyInstance,
  { name, module }: ComposedFeature,
  plugin: NonNullable<FeatureModule['api']>,
): Promise<void> {
  const declared = new Set(module.operations ?? []);
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      const operation = (route.schema as { operationId?: string } | undefined)?.operationId;
      if (route.prefix.startsWith('/api/v1') && (!operation || !declared.has(operation)))
        throw new Error(
          `feature ${name}: route ${route.method} ${route.url} names undeclared operation ${operation}`,
        );
    });
    await scope.register(plugin);
  });
}

export async function registerApiRoutes(
  v1: FastifyInstance,
  modules: readonly ComposedFeature[],
): Promise<void> {
  for (const composed of modules)
    if (composed.module.api) await registerRoutes(v1, composed, composed.module.api);
}

export async function registerRootRoutes(
  app: FastifyInstance,
  modules: readonly ComposedFeature[],
): Promise<void> {
  for (const composed of modules)
    if (composed.module.root) await registerRoutes(app, composed, composed.module.root);
}

export async function startModules(modules: readonly ComposedFeature[]): Promise<void> {
  for (const { module } of modules) await module.start?.();
}

export async function stopModules(modules: readonly ComposedFeature[]): Promise<void> {
  for (const { module } of [...modules].reverse()) await module.stop?.();
}
