/**
 * Saved Discover queries, per organization: private to their owner unless shared; only the owner
 * or an admin renames or deletes one; another user's private query is answered as missing.
 *
 * Why Dexter's own database in both modes, not Sentry's `…/discover/saved/` in companion mode:
 * Sentry's saved queries are visible to the whole organization (no private/shared), are behind a
 * plan on sentry.io (the endpoint answers 404 on plans without Discover), and hold Sentry's
 * builder state rather than the raw query Dexter runs; dashboards must point at them in both
 * modes. One table keeps one code path (DESIGN.md) and the same behaviour against any upstream.
 */
import type { SavedQuery, SavedQueryUpdate } from '@dexter/contracts';
import type { Generated, Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';
import { DexterError } from '../../errors/error-codes';
import { checkRawDiscoverQuery } from '../../lib/raw-discover-query';
import type { Viewer } from '../../lib/request-viewer';

interface SavedQueryTable {
  id: Generated<number>;
  org: string;
  owner_user_id: number;
  name: string;
  query: string;
  shared: number;
  created_at: number;
  updated_at: number;
}

type Row = Selectable<SavedQueryTable> & { owner_name: string | null };

const iso = (ms: number) => new Date(ms).toISOString();

export function createSavedQueriesService({ db, now }: { db: DexterDb; now: () => number }) {
  const saved = db.withTables<{ discover_saved_queries: SavedQueryTable }>();
  const canEdit = (row: { owner_user_id: number }, viewer: Viewer) =>
    row.owner_user_id === viewer.id || viewer.role === 'admin';

  const toQuery = (row: Row, viewer: Viewer): SavedQuery => ({
    id: row.id,
    name: row.name,
    query: row.query,
    shared: row.shared === 1,
    owner: { id: row.owner_user_id, name: row.owner_name ?? `user ${row.owner_user_id}` },
    canEdit: canEdit(row, viewer),
    createdAt: iso(Number(row.created_at)),
    updatedAt: iso(Number(row.updated_at)),
  });

  const visible = (org: string, viewer: Viewer) =>
    saved
      .selectFrom('discover_saved_queries as q')
      .leftJoin('users', 'users.id', 'q.owner_user_id')
      .selectAll('q')
      .select('users.username as owner_name')
      .where('q.org', '=', org)
      .where((eb) => eb.or([eb('q.owner_user_id', '=', viewer.id), eb('q.shared', '=', 1)]));

  async function find(org: string, id: number, viewer: Viewer): Promise<Row> {
    const row = await visible(org, viewer).where('q.id', '=', id).executeTakeFirst();
    if (!row) throw new DexterError('DEXTER_ERR_NOT_FOUND', `Saved query ${id} not found`);
    return row;
  }

  async function editable(org: string, id: number, viewer: Viewer): Promise<Row> {
    const row = await find(org, id, viewer);
    if (!canEdit(row, viewer)) {
      throw new DexterError('DEXTER_ERR_FORBIDDEN', 'Only the owner of this query or an admin may change it');
    }
    return row;
  }

  return {
    async list(org: string, viewer: Viewer): Promise<SavedQuery[]> {
      const rows = await visible(org, viewer).orderBy('q.name').orderBy('q.id').execute();
      return rows.map((row) => toQuery(row, viewer));
    },

    get: async (org: string, id: number, viewer: Viewer) => toQuery(await find(org, id, viewer), viewer),

    async create(
      org: string,
      input: { name: string; query: string; shared: boolean },
      viewer: Viewer,
    ): Promise<SavedQuery> {
      const at = now();
      checkRawDiscoverQuery(input.query, 'query', at);
      const { id } = await saved
        .insertInto('discover_saved_queries')
        .values({
          org,
          owner_user_id: viewer.id,
          name: input.name,
          query: input.query,
          shared: input.shared ? 1 : 0,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toQuery(await find(org, id, viewer), viewer);
    },

    async update(org: string, id: number, update: SavedQueryUpdate, viewer: Viewer): Promise<SavedQuery> {
      await editable(org, id, viewer);
      if (update.query !== undefined) checkRawDiscoverQuery(update.query, 'query', now());
      await saved
        .updateTable('discover_saved_queries')
        .set({
          ...(update.name !== undefined ? { name: update.name } : {}),
          ...(update.query !== undefined ? { query: update.query } : {}),
          ...(update.shared !== undefined ? { shared: update.shared ? 1 : 0 } : {}),
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
      return toQuery(await find(org, id, viewer), viewer);
    },

    async remove(org: string, id: number, viewer: Viewer): Promise<void> {
      await editable(org, id, viewer);
      await saved.deleteFrom('discover_saved_queries').where('id', '=', id).execute();
    },
  };
}

export type SavedQueriesService = ReturnType<typeof createSavedQueriesService>;
