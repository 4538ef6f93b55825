/**
 * First start of the store: with no organization yet, create one organization, one project with a
 * DSN key, and an API token, then write them to `<dataDir>/bootstrap.json` (mode 0600) so that
 * scripts and Dexter's own gateway can use them. On later starts the file is read back; if it is
 * gone or its token no longer works, a fresh token is minted and the file rewritten. Never seeds
 * twice: existing organizations are left as they are. Members and teams: `bootstrap-members.ts`.
 */
import { z } from 'zod';
import { mergeBootstrapFile, readBootstrapJson } from './bootstrap-file';
import { DEFAULT_ADMIN_EMAIL, ensureMembers } from './bootstrap-members';
import type { StoreDb } from './db/database';
import { hashToken, newApiToken, randomHex } from './tokens';

export const BootstrapSchema = z.object({
  url: z.string(),
  org: z.string(),
  projects: z.array(z.object({ id: z.string(), slug: z.string(), dsn: z.string() })),
  token: z.string(),
});
export type Bootstrap = z.infer<typeof BootstrapSchema>;

export interface BootstrapOptions {
  dataDir: string;
  /** Base URL SDKs and API clients reach this server at, e.g. http://127.0.0.1:3000 */
  publicUrl: string;
  orgSlug?: string;
  projectSlug?: string;
  /** The member API tokens act as; seeded once, with the team `#triage`. */
  adminEmail?: string;
  now?: () => number;
}

export function dsnFor(publicUrl: string, publicKey: string, projectId: number | string): string {
  const url = new URL(publicUrl);
  return `${url.protocol}//${publicKey}@${url.host}${url.pathname.replace(/\/$/, '')}/${projectId}`;
}

export async function ensureBootstrap(
  db: StoreDb,
  options: BootstrapOptions,
): Promise<Bootstrap & { created: boolean }> {
  const now = options.now ?? Date.now;
  const existingOrg = await db.selectFrom('organizations').selectAll().orderBy('id').executeTakeFirst();
  const created = !existingOrg;
  const org = existingOrg ?? (await createOrganization(db, options.orgSlug ?? 'dexter', now()));
  if (created) await createProject(db, org.id, options.projectSlug ?? 'demo', now());
  const ownerId = await ensureMembers(db, org.id, {
    adminEmail: options.adminEmail ?? DEFAULT_ADMIN_EMAIL,
    now: now(),
  });

  const previous = readBootstrapFile(options.dataDir);
  let token = previous?.token;
  if (!token || !(await tokenIsActive(db, token))) {
    token = newApiToken();
    await db
      .insertInto('api_tokens')
      .values({
        organization_id: org.id,
        name: 'bootstrap',
        token_hash: hashToken(token),
        scopes: 'org:admin project:admin event:admin',
        date_created: now(),
        revoked_at: null,
        member_id: ownerId,
      })
      .execute();
  }
  const bootstrap: Bootstrap = {
    url: options.publicUrl,
    org: org.slug,
    projects: await projectDsns(db, org.id, options.publicUrl),
    token,
  };
  mergeBootstrapFile(options.dataDir, bootstrap);
  return { ...bootstrap, created };
}

async function createOrganization(db: StoreDb, slug: string, now: number) {
  return db
    .insertInto('organizations')
    .values({ slug, name: slug.charAt(0).toUpperCase() + slug.slice(1), date_created: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createProject(db: StoreDb, organizationId: number, slug: string, now: number) {
  const project = await db
    .insertInto('projects')
    .values({
      organization_id: organizationId,
      slug,
      name: slug,
      platform: 'node',
      date_created: now,
      next_short_id: 1,
      first_event: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_keys')
    .values({
      project_id: project.id,
      public_key: randomHex(16),
      secret_key: randomHex(16),
      label: 'Default',
      date_created: now,
      revoked_at: null,
    })
    .execute();
  return project;
}

async function projectDsns(db: StoreDb, organizationId: number, publicUrl: string) {
  const rows = await db
    .selectFrom('projects')
    .innerJoin('project_keys', 'project_keys.project_id', 'projects.id')
    .where('projects.organization_id', '=', organizationId)
    .where('project_keys.revoked_at', 'is', null)
    .select(['projects.id', 'projects.slug', 'project_keys.public_key'])
    .orderBy('projects.id')
    .orderBy('project_keys.id')
    .execute();
  const seen = new Set<number>();
  return rows.flatMap((row) => {
    if (seen.has(row.id)) return [];
    seen.add(row.id);
    return [{ id: String(row.id), slug: row.slug, dsn: dsnFor(publicUrl, row.public_key, row.id) }];
  });
}

async function tokenIsActive(db: StoreDb, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('api_tokens')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

function readBootstrapFile(dataDir: string): Bootstrap | null {
  // A damaged or partial file counts as none: a fresh one is written; the data lives in SQLite.
  const parsed = BootstrapSchema.safeParse(readBootstrapJson(dataDir));
  return parsed.success ? parsed.data : null;
}
