/**
 * Fills an empty built-in store with demo data by running `demo-app.ts` (the real `@sentry/node`
 * SDK) once per demo service, each with its own project and DSN. A store that has any event is
 * never seeded again.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bootstrap, BuiltInStore } from '@dexter/store';
import type { FastifyBaseLogger } from 'fastify';

const DEMO_SERVICES = ['storefront', 'payments', 'invoicing'] as const;
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
  for (const service of DEMO_SERVICES) {
    // The bootstrap project plays the storefront; the other services get projects of their own.
    const dsn =
      service === 'storefront' && first
        ? first.dsn
        : (await store.admin.ensureProject(bootstrap.org, service, publicUrl)).dsn;
    await runDemoService(service, dsn);
  }
  await store.admin.drain();
  log.info('demo data seeded');
  return true;
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
