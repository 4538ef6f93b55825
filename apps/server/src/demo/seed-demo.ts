/**
 * Fills an empty built-in store with demo data by running `demo-app.ts` (the real `@sentry/node`
 * SDK) once per demo service, each with its own project and DSN, then records the demo's releases
 * with their commits and deploys through the store's `/api/0`, as `sentry-cli` would in a CI
 * pipeline. Two weeks of history are sent with their own timestamps (`demo-schedule.ts`).
 * A store that has any event is never seeded again.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bootstrap, BuiltInStore } from '@dexter/store';
import type { FastifyBaseLogger } from 'fastify';
import { recordDemoAlertRules } from './demo-alert-rules';
import { sendDemoPerformance } from './demo-performance';
import { DEMO_RELEASES, DEMO_REPOSITORY } from './demo-releases';

const DEMO_SERVICES = ['storefront', 'payments', 'invoicing'] as const;
const HOUR_MS = 3_600_000;
const demoApp = join(dirname(fileURLToPath(import.meta.url)), 'demo-app.ts');

export interface SeedDemoOptions {
  store: BuiltInStore;
  bootstrap: Bootstrap;
  publicUrl: string;
  log: FastifyBaseLogger;
}

export type DemoProject = Bootstrap['projects'][number];

/**
 * The demo's projects, one per service, created (with their DSN keys) when the store is still
 * empty, before anything is printed: so the start banner and `bootstrap.json` list every project
 * the demo sends to. The bootstrap project plays the storefront. Null when the store has data.
 */
export async function ensureDemoProjects({
  store,
  bootstrap,
  publicUrl,
}: Omit<SeedDemoOptions, 'log'>): Promise<DemoProject[] | null> {
  if (!(await store.admin.isEmpty())) return null;
  const [first] = bootstrap.projects;
  const projects: DemoProject[] = [];
  for (const service of DEMO_SERVICES) {
    projects.push(
      service === 'storefront' && first
        ? first
        : await store.admin.ensureProject(bootstrap.org, service, publicUrl),
    );
  }
  return projects;
}

export async function seedDemoData(
  { store, bootstrap, publicUrl, log }: SeedDemoOptions,
  projects: readonly DemoProject[],
): Promise<boolean> {
  if (!(await store.admin.isEmpty())) return false;
  log.info('seeding demo data through @sentry/node');
  // Releases, commits and deploys first, as a pipeline records them before the errors come.
  await recordDemoReleases(
    bootstrap,
    publicUrl,
    projects.map((project) => project.id),
  );
  // Alert rules before the traffic, so that the history fires them.
  await recordDemoAlertRules(
    bootstrap,
    publicUrl,
    DEMO_SERVICES.map((service, index) => ({ service, slug: projects[index]!.slug })),
  );
  // The services send side by side, as real ones would; each is its own process.
  await Promise.all(DEMO_SERVICES.map((service, index) => runDemoService(service, projects[index]!.dsn)));
  await sendDemoPerformance((service) => projects[DEMO_SERVICES.indexOf(service as never)]!.dsn);
  await store.admin.drain();
  log.info('demo data seeded');
  return true;
}

/**
 * Creates each demo release with its commits (changed files included, for suspect commits),
 * finalizes it when it reached production and records its deploys, with the store token, as
 * `sentry-cli releases new`, `set-commits`, `finalize` and `deploys new` would in a CI pipeline.
 */
async function recordDemoReleases(
  bootstrap: Bootstrap,
  publicUrl: string,
  projects: string[],
): Promise<void> {
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR_MS).toISOString();
  const send = async (method: 'POST' | 'PUT', path: string, body: object) => {
    const res = await fetch(`${publicUrl}/api/0/organizations/${bootstrap.org}/releases/${path}`, {
      method,
      headers: { authorization: `Bearer ${bootstrap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`demo release ${method} ${path}: the store answered ${res.status}`);
  };
  for (const release of DEMO_RELEASES) {
    const path = `${encodeURIComponent(release.version)}/`;
    const production = release.deploys.find((deploy) => deploy.environment === 'production');
    const firstDeploy = Math.max(...release.deploys.map((deploy) => deploy.hoursAgo));
    await send('POST', '', {
      version: release.version,
      projects,
      dateStarted: at(firstDeploy + 1),
      ...(production ? { dateReleased: at(production.hoursAgo) } : {}),
    });
    await send('PUT', path, {
      commits: release.commits.map((commit) => ({
        id: commit.id,
        repository: DEMO_REPOSITORY,
        message: commit.message,
        author_name: commit.author.name,
        author_email: commit.author.email,
        timestamp: at(commit.hoursAgo),
        patch_set: commit.files.map((file) => ({ path: file, type: 'M' })),
      })),
    });
    for (const deploy of release.deploys) {
      const when = at(deploy.hoursAgo);
      await send('POST', `${path}deploys/`, {
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
