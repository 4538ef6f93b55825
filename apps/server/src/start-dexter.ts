/**
 * Starts a whole Dexter: opens the platform (security, the built-in store in standalone mode, the
 * upstream pipeline, the change feed), creates the feature modules of `features/index.ts` over
 * it, builds the app, listens, bootstraps the store (its DSNs need the listening URL) and starts
 * the modules. Used by `main.ts` and by tests, which start real servers on port 0.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config/config';
import { features } from './features';
import { createModules, startModules, stopModules } from './platform/compose-features';
import type { FeatureModule } from './platform/feature-module';
import { type OpenedPlatform, openPlatform, type Platform, type PlatformOptions } from './platform/platform';

export interface RunningDexter {
  app: FastifyInstance;
  /** Where SDKs and browsers reach this server, e.g. http://127.0.0.1:41234 */
  url: string;
  platform: Platform;
  /** The store's bootstrap data (org, projects with DSNs, token); null in companion mode. */
  bootstrap: ReturnType<OpenedPlatform['bootstrap']>;
  /** Accounts, audit, secrets...; `admin` is the first-run admin while its password is unchanged. */
  security: OpenedPlatform['security'];
  /** The running feature modules by name (tests reach a module's `handle` through it). */
  modules: ReadonlyMap<string, FeatureModule>;
  close(): Promise<void>;
}

export type StartOptions = PlatformOptions;

export async function startDexter(config: Config, options: StartOptions = {}): Promise<RunningDexter> {
  const opened = await openPlatform(config, options);
  const { platform } = opened;
  let app: FastifyInstance;
  let modules: ReturnType<typeof createModules>;
  try {
    modules = createModules(features, platform);
    app = await buildApp(platform, modules);
    opened.useLog(app.log);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await opened.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  await opened.listening({ listenUrl: `http://127.0.0.1:${port}`, publicUrl: url });
  await startModules(modules);

  return {
    app,
    url,
    platform,
    security: opened.security,
    modules: new Map(modules.map(({ name, module }) => [name, module])),
    get bootstrap() {
      return opened.bootstrap();
    },
    async close() {
      // Before the server: in standalone mode a job's chunk in flight still talks to its /api/0.
      await stopModules(modules);
      platform.hub.close();
      await app.close();
      await opened.close();
    },
  };
}
