/**
 * Administration of the store's projects, for Dexter's admin pages: list them, create one (its
 * slug derived from the name as Sentry does, with its first DSN key), and rotate a DSN key (a new
 * key with the same label, the old one revoked, in one transaction so a project is never left
 * without a working key by a half-done rotation). Members: the people issues can be assigned to,
 * kept in step with Dexter's accounts (`syncMembers`).
 */
import { createProject } from './bootstrap';
import type { StoreDb } from './db/database';
import { hashToken, randomHex } from './tokens';

export interface StoreProjectRow {
  id: number;
  slug: string;
  name: string;
  platform: string | null;
  createdAt: number;
  /** Keys not revoked. */
  activeKeys: number;
}

export interface StoreMemberInput {
  email: string;
  name: string;
  username: string;
}

/** Sentry's slug rule: lowercase letters, digits, `-` and `_`, not only digits. */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');

export type CreateProjectResult = { project: StoreProjectRow } | { error: 'slug-taken'; slug: string };

export function createProjectAdmin(db: StoreDb, now: () => number) {
  const firstOrg = () =>
    db.selectFrom('organizations').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();

  const projects = () =>
    db
      .selectFrom('projects')
      .leftJoin('project_keys', (join) =>
        join.onRef('project_keys.project_id', '=', 'projects.id').on('project_keys.revoked_at', 'is', null),
      )
      .select((eb) => [
        'projects.id',
        'projects.slug',
        'projects.name',
        'projects.platform',
        'projects.date_created',
        eb.fn.count<number>('project_keys.id').as('active_keys'),
      ])
      .groupBy('projects.id');
  type Row = Awaited<ReturnType<ReturnType<typeof projects>['executeTakeFirstOrThrow']>>;
  const toProject = (row: Row): StoreProjectRow => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    platform: row.platform,
    createdAt: row.date_created,
    activeKeys: Number(row.active_keys),
  });

  return {
    async listProjects(): Promise<StoreProjectRow[]> {
      const org = await firstOrg();
      return (
        await projects().where('projects.organization_id', '=', org.id).orderBy('projects.id').execute()
      ).map(toProject);
    },

    async findProject(slug: string): Promise<StoreProjectRow | null> {
      const org = await firstOrg();
      const row = await projects()
        .where('projects.organization_id', '=', org.id)
        .where('projects.slug', '=', slug)
        .executeTakeFirst();
      return row ? toProject(row) : null;
    },

    /** A project of the (first) organization, with a "Default" DSN key; its slug must be free. */
    async createProject(name: string, platform: string | null): Promise<CreateProjectResult> {
      const org = await firstOrg();
      const slug = slugOf(name);
      const taken = await db
        .selectFrom('projects')
        .select('id')
        .where('organization_id', '=', org.id)
        .where('slug', '=', slug)
        .executeTakeFirst();
      if (taken) return { error: 'slug-taken', slug };
      const created = await createProject(db, org.id, slug, now());
      await db.updateTable('projects').set({ name, platform }).where('id', '=', created.id).execute();
      return {
        project: toProject(await projects().where('projects.id', '=', created.id).executeTakeFirstOrThrow()),
      };
    },

    /** A new key with the old one's label, and the old one revoked; null when there is no such live key. */
    async rotateKey(keyId: number): Promise<{ created: number; revoked: number } | null> {
      return db.transaction().execute(async (trx) => {
        const old = await trx
          .selectFrom('project_keys')
          .select(['id', 'project_id', 'label'])
          .where('id', '=', keyId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (!old) return null;
        const at = now();
        const { id } = await trx
          .insertInto('project_keys')
          .values({
            project_id: old.project_id,
            public_key: randomHex(16),
            secret_key: randomHex(16),
            label: old.label,
            date_created: at,
            revoked_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('project_keys').set({ revoked_at: at }).where('id', '=', old.id).execute();
        return { created: id, revoked: old.id };
      });
    },

    /** The id of the token with this secret (Dexter's own gateway token), or null. */
    async tokenIdOf(secret: string): Promise<number | null> {
      const row = await db
        .selectFrom('api_tokens')
        .select('id')
        .where('token_hash', '=', hashToken(secret))
        .executeTakeFirst();
      return row?.id ?? null;
    },

    /**
     * Makes every given person a member of the (first) organization, matched by email: new ones
     * join as `member`, known ones get their current name. Nobody is removed: issues stay
     * assigned to people who left. Returns how many members were added or renamed.
     */
    async syncMembers(people: readonly StoreMemberInput[]): Promise<number> {
      const org = await firstOrg();
      const existing = new Map(
        (
          await db
            .selectFrom('members')
            .select(['id', 'email', 'name'])
            .where('organization_id', '=', org.id)
            .execute()
        ).map((m) => [m.email.toLowerCase(), m]),
      );
      let changed = 0;
      for (const person of people) {
        const known = existing.get(person.email.toLowerCase());
        if (known) {
          if (known.name === person.name) continue;
          await db.updateTable('members').set({ name: person.name }).where('id', '=', known.id).execute();
        } else {
          await db
            .insertInto('members')
            .values({
              organization_id: org.id,
              email: person.email,
              name: person.name,
              username: person.username,
              role: 'member',
              date_created: now(),
            })
            .execute();
          existing.set(person.email.toLowerCase(), { id: -1, email: person.email, name: person.name });
        }
        changed++;
      }
      return changed;
    },
  };
}
