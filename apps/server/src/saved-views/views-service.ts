/**
 * Saved views in Dexter's database (migration `0004_saved_views`), per organization. A user sees
 * their own views and every shared one; only the owner or an admin may change or delete a view
 * (the route's role only says who may try). Another user's private view is answered as missing,
 * not forbidden, so its existence does not leak.
 */
import type { IssueListSort, SavedView, SavedViewInput, SavedViewUpdate } from '@dexter/contracts';
import type { Generated, Selectable } from 'kysely';
import type { DexterDb } from '../db/database';
import { DexterError } from '../errors/error-codes';
import type { Viewer } from '../lib/request-viewer';

interface SavedViewTable {
  id: Generated<number>;
  org: string;
  owner_user_id: number;
  name: string;
  query: string;
  sort: string;
  /** JSON array of project ids. */
  projects: string;
  shared: number;
  created_at: number;
  updated_at: number;
}

type Row = Selectable<SavedViewTable> & { owner_name: string | null };

const iso = (ms: number) => new Date(ms).toISOString();

export function createViewsService({ db, now }: { db: DexterDb; now: () => number }) {
  const views = db.withTables<{ saved_views: SavedViewTable }>();
  const canEdit = (row: { owner_user_id: number }, viewer: Viewer) =>
    row.owner_user_id === viewer.id || viewer.role === 'admin';

  const toView = (row: Row, viewer: Viewer): SavedView => ({
    id: row.id,
    name: row.name,
    query: row.query,
    sort: row.sort as IssueListSort,
    projects: JSON.parse(row.projects) as string[],
    shared: row.shared === 1,
    owner: { id: row.owner_user_id, name: row.owner_name ?? `user ${row.owner_user_id}` },
    canEdit: canEdit(row, viewer),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  });

  const visible = (org: string, viewer: Viewer) =>
    views
      .selectFrom('saved_views')
      .leftJoin('users', 'users.id', 'saved_views.owner_user_id')
      .selectAll('saved_views')
      .select('users.username as owner_name')
      .where('saved_views.org', '=', org)
      .where((eb) =>
        eb.or([eb('saved_views.owner_user_id', '=', viewer.id), eb('saved_views.shared', '=', 1)]),
      );

  async function find(org: string, id: number, viewer: Viewer): Promise<Row> {
    const row = await visible(org, viewer).where('saved_views.id', '=', id).executeTakeFirst();
    if (!row) throw new DexterError('DEXTER_ERR_NOT_FOUND', `Saved view ${id} not found`);
    return row;
  }

  async function editable(org: string, id: number, viewer: Viewer): Promise<Row> {
    const row = await find(org, id, viewer);
    if (!canEdit(row, viewer)) {
      throw new DexterError('DEXTER_ERR_FORBIDDEN', 'Only the owner of this view or an admin may change it');
    }
    return row;
  }

  return {
    async list(org: string, viewer: Viewer): Promise<SavedView[]> {
      const rows = await visible(org, viewer).orderBy('saved_views.name').orderBy('saved_views.id').execute();
      return rows.map((row) => toView(row, viewer));
    },

    async create(org: string, input: Required<SavedViewInput>, viewer: Viewer): Promise<SavedView> {
      const at = now();
      const { id } = await views
        .insertInto('saved_views')
        .values({
          org,
          owner_user_id: viewer.id,
          name: input.name,
          query: input.query,
          sort: input.sort,
          projects: JSON.stringify(input.projects),
          shared: input.shared ? 1 : 0,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toView(await find(org, id, viewer), viewer);
    },

    async update(org: string, id: number, update: SavedViewUpdate, viewer: Viewer): Promise<SavedView> {
      await editable(org, id, viewer);
      await views
        .updateTable('saved_views')
        .set({
          ...(update.name !== undefined ? { name: update.name } : {}),
          ...(update.query !== undefined ? { query: update.query } : {}),
          ...(update.sort !== undefined ? { sort: update.sort } : {}),
          ...(update.projects !== undefined ? { projects: JSON.stringify(update.projects) } : {}),
          ...(update.shared !== undefined ? { shared: update.shared ? 1 : 0 } : {}),
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
      return toView(await find(org, id, viewer), viewer);
    },

    async remove(org: string, id: number, viewer: Viewer): Promise<void> {
      await editable(org, id, viewer);
      await views.deleteFrom('saved_views').where('id', '=', id).execute();
    },
  };
}

export type ViewsService = ReturnType<typeof createViewsService>;
