/**
 * Fills an empty built-in store with demo data by running `demo-app.ts` (the real `@sentry/node`
 * SDK) once per demo service, each with its own project and DSN, then records the demo's two
 * releases and their deploys through the store's `/api/0`, as `sentry-cli` would in a CI pipeline.
 * A store that has any event is never seeded again.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bootstrap, BuiltInStore } from '@dexter/store';
import type { FastifyBaseLogger } from 'fastify';

const DEMO_SERVICES = ['storefront', 'payments', 'invoicing'] as const;
const HOUR_MS = 3_600_000;
/** The releases `demo-app.ts` sends events from, with when each reached which environment. */
const DEMO_RELEASES = [
  {
    version: 'shop@1.4.0',
    releasedHoursAgo: 72,
    deploys: [
      { environment: 'staging', hoursAgo: 74 },
      { environment: 'production', hoursAgo: 72 },
    ],
  },
  {
    version: 'shop@1.5.0',
    releasedHoursAgo: 3,
    deploys: [
      { environment: 'staging', hoursAgo: 26 },
      { environment: 'production', hoursAgo: 3 },
    ],
  },
] as const;
const demoApp = join(dirname(fileURLToPath(import.meta.url)), 'demo-app.ts');

export interface SeedDemoOptions {
  store: BuiltInStore;
  bootstrap: Bootstrap;
  publicUrl: string;
  log: FastifyBaseLogger;
}

export async function seedDemoData({ store, bootstrap, publicUrl, log }: SeedDemoOptions): Promise<boolean> {
  if (!(await store.admin.isEmpty())) return false;
  log.info('seeding demo data through @sentry/node');
  const [first] = bootstrap.projects;
  const projectIds: string[] = [];
  for (const service of DEMO_SERVICES) {
    // The bootstrap project plays the storefront; the other services get projects of their own.
    const project =
      service === 'storefront' && first
        ? first
        : await store.admin.ensureProject(bootstrap.org, service, publicUrl);
    projectIds.push(project.id);
    await runDemoService(service, project.dsn);
  }
  await store.admin.drain();
  await recordDemoReleases(bootstrap, publicUrl, projectIds);
  log.info('demo data seeded');
  return true;
}

/** Creates, finalizes and deploys the demo releases with the store token, as a CI pipeline would. */
async function recordDemoReleases(
  bootstrap: Bootstrap,
  publicUrl: string,
  projects: string[],
): Promise<void> {
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR_MS).toISOString();
  const post = async (path: string, body: object) => {
    const res = await fetch(`${publicUrl}/api/0/organizations/${bootstrap.org}/releases/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bootstrap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`demo release ${path}: the store answered ${res.status}`);
  };
  for (const release of DEMO_RELEASES) {
    await post('', { version: release.version, projects, dateReleased: at(release.releasedHoursAgo) });
    for (const deploy of release.deploys) {
      const when = at(deploy.hoursAgo);
      await post(`${encodeURIComponent(release.version)}/deploys/`, {
        environment: deploy.environment,
        name: `${deploy.environment} ${release.version}`,
        dateStarted: when,
        dateFinished: when,
      });
    }
  }
}

function runDemoService(service: string, dsn: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', demoApp], {
      env: { ...process.env, DEXTER_DEMO_DSN: dsn, DEXTER_DEMO_SERVICE: service },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`demo service ${service} exited with ${code}: ${stderr}`)),
    );
  });
}
