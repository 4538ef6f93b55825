/**
 * Dashboards in Dexter's own database (migration `0010_discover_dashboards`), per organization, in
 * both modes for the reason saved queries are (`features/discover/discover-saved-service.ts`).
 *
 * Who sees and changes what:
 * - a personal dashboard is its owner's alone (others get 404, so its existence does not leak);
 * - team and organization dashboards are seen by everyone in the organization and changed by
 *   triagers and admins (a team arranges its own board) or their owner; creating one needs triager;
 * - an admin changes anything.
 * Every widget's Discover query is checked by the store's query model when it is saved.
 */
import {
  type Dashboard,
  type DashboardCreate,
  type DashboardUpdate,
  DISCOVER_WIDGET_KINDS,
  roleAtLeast,
  type Widget,
  type WidgetInput,
} from '@dexter/contracts';
import type { Generated, Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';
import { DexterError } from '../../errors/error-codes';
import { checkRawDiscoverQuery } from '../../lib/raw-discover-query';
import type { Viewer } from '../../lib/request-viewer';

interface DashboardTable {
  id: Generated<number>;
  org: string;
  owner_user_id: number;
  name: string;
  scope: string;
  team: string | null;
  period: string;
  environment: string | null;
  /** JSON array of widgets, in order. */
  widgets: string;
  /** The team whose default this is (see the migration's unique index). */
  default_for_team: string | null;
  created_at: number;
  updated_at: number;
}

type Row = Selectable<DashboardTable> & { owner_name: string | null };

const iso = (ms: number) => new Date(ms).toISOString();

/** Widgets as stored: every one named, every Discover query checked (400 naming `widgets.N.query`). */
function settled(widgets: readonly WidgetInput[], at: number): Widget[] {
  const taken = new Set(widgets.flatMap((widget) => (widget.id === undefined ? [] : [widget.id])));
  let next = 1;
  return widgets.map((widget, index) => {
    const kind = widget.kind;
    const query = (widget.query ?? '').trim();
    if (DISCOVER_WIDGET_KINDS.includes(kind)) checkRawDiscoverQuery(query, `widgets.${index}.query`, at);
    let id = widget.id;
    while (id === undefined || (widget.id === undefined && taken.has(id))) id = `w${next++}`;
    taken.add(id);
    return { id, title: widget.title, kind, query, layout: { ...widget.layout } };
  });
}

export function createDashboardsService({ db, now }: { db: DexterDb; now: () => number }) {
  const boards = db.withTables<{ dashboards: DashboardTable }>();

  const sharedEditor = (viewer: Viewer) => roleAtLeast(viewer.role, 'triager');
  const canEdit = (row: { owner_user_id: number; scope: string }, viewer: Viewer) =>
    row.owner_user_id === viewer.id ||
    viewer.role === 'admin' ||
    (row.scope !== 'personal' && sharedEditor(viewer));

  const toDashboard = (row: Row, viewer: Viewer): Dashboard => ({
    id: row.id,
    name: row.name,
    scope: row.scope as Dashboard['scope'],
    team: row.team,
    period: row.period,
    environment: row.environment,
    widgets: JSON.parse(row.widgets) as Widget[],
    owner: { id: row.owner_user_id, name: row.owner_name ?? `user ${row.owner_user_id}` },
    canEdit: canEdit(row, viewer),
    createdAt: iso(Number(row.created_at)),
    updatedAt: iso(Number(row.updated_at)),
  });

  const visible = (org: string, viewer: Viewer) =>
    boards
      .selectFrom('dashboards as d')
      .leftJoin('users', 'users.id', 'd.owner_user_id')
      .selectAll('d')
      .select('users.username as owner_name')
      .where('d.org', '=', org)
      .where((eb) => eb.or([eb('d.scope', '!=', 'personal'), eb('d.owner_user_id', '=', viewer.id)]));

  async function find(org: string, id: number, viewer: Viewer): Promise<Row> {
    const row = await visible(org, viewer).where('d.id', '=', id).executeTakeFirst();
    if (!row) throw new DexterError('DEXTER_ERR_NOT_FOUND', `Dashboard ${id} not found`);
    return row;
  }

  async function editable(org: string, id: number, viewer: Viewer): Promise<Row> {
    const row = await find(org, id, viewer);
    if (!canEdit(row, viewer)) {
      throw new DexterError(
        'DEXTER_ERR_FORBIDDEN',
        row.scope === 'personal'
          ? 'Only the owner of this dashboard or an admin may change it'
          : 'Changing a team or organization dashboard needs the triager role',
      );
    }
    return row;
  }

  const mayShare = (scope: string, viewer: Viewer) => {
    if (scope !== 'personal' && !sharedEditor(viewer)) {
      throw new DexterError(
        'DEXTER_ERR_FORBIDDEN',
        'Team and organization dashboards are made by triagers and admins; viewers make personal ones',
      );
    }
  };

  return {
    async list(org: string, viewer: Viewer, filter: { team?: string } = {}): Promise<Dashboard[]> {
      let query = visible(org, viewer);
      if (filter.team !== undefined) query = query.where('d.team', '=', filter.team);
      const rows = await query.orderBy('d.scope').orderBy('d.name').orderBy('d.id').execute();
      return rows.map((row) => toDashboard(row, viewer));
    },

    get: async (org: string, id: number, viewer: Viewer) => toDashboard(await find(org, id, viewer), viewer),

    /**
     * Makes a team's default dashboard unless the team has it (`default_for_team` is unique per
     * organization, so two listings at once make one).
     */
    async createTeamDefault(org: string, input: DashboardCreate, ownerId: number): Promise<void> {
      const at = now();
      await boards
        .insertInto('dashboards')
        .values({
          org,
          owner_user_id: ownerId,
          name: input.name,
          scope: 'team',
          team: input.team,
          period: input.period,
          environment: input.environment,
          widgets: JSON.stringify(settled(input.widgets, at)),
          default_for_team: input.team,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.columns(['org', 'default_for_team']).doNothing())
        .execute();
    },

    async create(org: string, input: DashboardCreate, viewer: Viewer): Promise<Dashboard> {
      mayShare(input.scope, viewer);
      const at = now();
      const widgets = settled(input.widgets, at);
      const { id } = await boards
        .insertInto('dashboards')
        .values({
          org,
          owner_user_id: viewer.id,
          name: input.name,
          scope: input.scope,
          team: input.scope === 'team' ? input.team : null,
          period: input.period,
          environment: input.environment,
          widgets: JSON.stringify(widgets),
          default_for_team: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toDashboard(await find(org, id, viewer), viewer);
    },

    async update(org: string, id: number, update: DashboardUpdate, viewer: Viewer): Promise<Dashboard> {
      const row = await editable(org, id, viewer);
      if (update.scope !== undefined && update.scope !== row.scope) mayShare(update.scope, viewer);
      const scope = update.scope ?? row.scope;
      const team = scope === 'team' ? (update.team ?? row.team) : null;
      if (scope === 'team' && !team) {
        throw new DexterError('DEXTER_ERR_VALIDATION', 'Invalid body.team: a team dashboard names its team', {
          field: 'team',
        });
      }
      const at = now();
      await boards
        .updateTable('dashboards')
        .set({
          ...(update.name !== undefined ? { name: update.name } : {}),
          scope,
          team,
          ...(update.period !== undefined ? { period: update.period } : {}),
          ...(update.environment !== undefined ? { environment: update.environment } : {}),
          ...(update.widgets !== undefined ? { widgets: JSON.stringify(settled(update.widgets, at)) } : {}),
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
      return toDashboard(await find(org, id, viewer), viewer);
    },

    async remove(org: string, id: number, viewer: Viewer): Promise<void> {
      await editable(org, id, viewer);
      await boards.deleteFrom('dashboards').where('id', '=', id).execute();
    },
  };
}

export type DashboardsService = ReturnType<typeof createDashboardsService>;
