/**
 * What `main.ts` prints about the built-in store at start. The store's API token has admin scopes,
 * so it is printed once, on the start that creates it; later starts say where it is kept
 * (`bootstrap.json`, 0600) instead of copying it into every log that captures stdout.
 */
import type { Bootstrap } from '@dexter/store';

export function storeBanner(bootstrap: Bootstrap & { created: boolean }, dataDir: string): string {
  const projects = bootstrap.projects.map((p) => `  project ${p.slug}: DSN ${p.dsn}`).join('\n');
  const token = bootstrap.created
    ? `  API token: ${bootstrap.token}\n  (also in ${dataDir}/bootstrap.json)\n`
    : `  API token: in ${dataDir}/bootstrap.json\n`;
  const state = bootstrap.created ? 'created' : 'opened';
  return `\nBuilt-in store (${state}): organization ${bootstrap.org}\n${projects}\n${token}`;
}
