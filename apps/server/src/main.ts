/**
 * Process entry: load config, start Dexter, print how to reach it (one framed block after the
 * start-up logs, `start-banner.ts`), seed demo data into an empty built-in store, and close
 * gracefully on SIGINT/SIGTERM.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config/config';
import { seedDemoDashboard } from './demo/demo-dashboard';
import { seedDemoMetric } from './demo/demo-metric';
import { type DemoProject, ensureDemoProjects, seedDemoData } from './demo/seed-demo';
import type { DeployHealthHandle } from './features/deploy-health/deploy-health-feature';
import { startBanner } from './start-banner';
import { type RunningDexter, startDexter } from './start-dexter';
import { cacheTags } from './upstream/cache-tags';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The demo's two weeks of history were just written: look at its deploys now (the flagged one is
 * the demo's point) rather than at the next scheduled run, with series read afresh.
 */
async function checkDemoDeploys(dexter: RunningDexter, org: string): Promise<void> {
  await dexter.platform.upstream.pipeline.cacheStore.bumpTags([cacheTags.releases]);
  const deployHealth = dexter.modules.get('deploy-health')?.handle as DeployHealthHandle | undefined;
  await deployHealth?.check(org);
}

async function main(): Promise<void> {
  // Everything Dexter writes is its own (the data directory's policy, `@dexter/sqlite` private-files.ts).
  process.umask(0o077);
  const config = loadConfig(process.env, rootDir);
  const dexter = await startDexter(config);
  const { app, bootstrap } = dexter;
  const { store } = dexter.platform;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await dexter.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // Logged before the banner, which comes last.
  const { admin, secretKey } = dexter.security;
  if (secretKey.origin === 'generated') {
    app.log.warn(
      { path: secretKey.path },
      'DEXTER_SECRET_KEY is not set: generated a development key; set DEXTER_SECRET_KEY in production',
    );
  }
  // The demo's projects exist before anything is printed, so the banner and bootstrap.json list them.
  let storeFacts = bootstrap;
  let demoProjects: DemoProject[] | null = null;
  if (store && bootstrap && config.demo) {
    demoProjects = await ensureDemoProjects({ store, bootstrap, publicUrl: dexter.url });
    // Reading the bootstrap again rewrites bootstrap.json with every project of the org.
    if (demoProjects) {
      const refreshed = await store.admin.bootstrap({ publicUrl: dexter.url });
      storeFacts = { ...refreshed, created: bootstrap.created };
    }
  }
  process.stdout.write(
    startBanner({
      url: dexter.url,
      dataDir: config.dataDir,
      admin: admin ? { username: admin.username, password: admin.password ?? null } : null,
      store: storeFacts,
      demoSeeding: demoProjects !== null,
      logLevel: config.logLevel,
    }),
  );
  if (store && bootstrap && demoProjects) {
    seedDemoData({ store, bootstrap, publicUrl: dexter.url, log: app.log }, demoProjects)
      .then((seeded) =>
        seeded
          ? Promise.all([
              checkDemoDeploys(dexter, bootstrap.org),
              seedDemoMetric(dexter.platform.db, bootstrap.org),
              seedDemoDashboard(dexter.platform.db, bootstrap.org),
            ])
          : undefined,
      )
      .catch((error: unknown) => app.log.error({ err: error }, 'demo data could not be seeded'));
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Dexter failed to start: ${detail}\n`);
  process.exit(1);
});
