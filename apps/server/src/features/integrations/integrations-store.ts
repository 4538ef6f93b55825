/**
 * Connections, ticket links and handled webhook deliveries in Dexter's database (migration
 * `0011_integrations`). A ticket is one (connection, key) pair and may be linked to many issues;
 * an issue may have many tickets. Tokens and webhook secrets are never here (secrets service).
 */
import type { IntegrationVendor, TicketLink } from '@dexter/contracts';
import type { Generated, Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';

interface ConnectionTable {
  id: Generated<number>;
  org: string;
  vendor: IntegrationVendor;
  name: string;
  base_url: string;
  account: string | null;
  target: string;
  resolve_on_close: number;
  created_at: number;
}

interface TicketLinkTable {
  id: Generated<number>;
  org: string;
  issue_id: string;
  connection_id: number;
  ticket_key: string;
  url: string;
  title: string;
  state: 'open' | 'closed';
  state_label: string;
  created_at: number;
  updated_at: number;
}

interface DeliveryTable {
  connection_id: number;
  delivery_id: string;
  received_at: number;
}

export interface ConnectionRow {
  id: number;
  org: string;
  vendor: IntegrationVendor;
  name: string;
  baseUrl: string;
  account: string | null;
  target: string;
  resolveOnClose: boolean;
  createdAt: number;
}

export interface TicketFacts {
  key: string;
  url: string;
  title: string;
  state: 'open' | 'closed';
  stateLabel: string;
}

/** Deliveries older than this are forgotten: vendors stop retrying within a few days. */
const DELIVERY_MEMORY_MS = 14 * 86_400_000;

export function createIntegrationsStore(db: DexterDb, now: () => number) {
  const tables = db.withTables<{
    integration_connections: ConnectionTable;
    ticket_links: TicketLinkTable;
    integration_deliveries: DeliveryTable;
  }>();

  const toConnection = (row: Selectable<ConnectionTable>): ConnectionRow => ({
    id: row.id,
    org: row.org,
    vendor: row.vendor,
    name: row.name,
    baseUrl: row.base_url,
    account: row.account,
    target: row.target,
    resolveOnClose: row.resolve_on_close === 1,
    createdAt: Number(row.created_at),
  });

  const linkSelect = () =>
    tables
      .selectFrom('ticket_links as l')
      .innerJoin('integration_connections as c', 'c.id', 'l.connection_id')
      .select([
        'l.id',
        'l.issue_id',
        'l.connection_id',
        'c.vendor',
        'l.ticket_key',
        'l.url',
        'l.title',
        'l.state',
        'l.state_label',
        'l.created_at',
        'l.updated_at',
      ]);

  type LinkRow = Awaited<ReturnType<ReturnType<typeof linkSelect>['execute']>>[number];
  const toLink = (row: LinkRow): TicketLink => ({
    id: String(row.id),
    issueId: row.issue_id,
    connectionId: String(row.connection_id),
    vendor: row.vendor,
    key: row.ticket_key,
    url: row.url,
    title: row.title,
    state: row.state,
    stateLabel: row.state_label,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  });

  return {
    async addConnection(fields: Omit<ConnectionRow, 'id' | 'createdAt'>): Promise<ConnectionRow> {
      const createdAt = now();
      const row = await tables
        .insertInto('integration_connections')
        .values({
          org: fields.org,
          vendor: fields.vendor,
          name: fields.name,
          base_url: fields.baseUrl,
          account: fields.account,
          target: fields.target,
          resolve_on_close: fields.resolveOnClose ? 1 : 0,
          created_at: createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ...fields, id: Number(row.id), createdAt };
    },

    async connections(org: string): Promise<ConnectionRow[]> {
      const rows = await tables
        .selectFrom('integration_connections')
        .selectAll()
        .where('org', '=', org)
        .orderBy('id')
        .execute();
      return rows.map(toConnection);
    },

    /** Any organization's connection: webhooks arrive without one. */
    async connection(id: number): Promise<ConnectionRow | null> {
      const row = await tables
        .selectFrom('integration_connections')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toConnection(row) : null;
    },

    async deleteConnection(org: string, id: number): Promise<boolean> {
      const result = await tables
        .deleteFrom('integration_connections')
        .where('org', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async linksOfIssue(org: string, issueId: string): Promise<TicketLink[]> {
      const rows = await linkSelect()
        .where('l.org', '=', org)
        .where('l.issue_id', '=', issueId)
        .orderBy('l.id')
        .execute();
      return rows.map(toLink);
    },

    /** The links of many issues in one query (the stream's ticket column). */
    async linksOfIssues(org: string, issueIds: readonly string[]): Promise<TicketLink[]> {
      if (issueIds.length === 0) return [];
      const rows = await linkSelect()
        .where('l.org', '=', org)
        .where('l.issue_id', 'in', [...issueIds])
        .orderBy('l.id')
        .execute();
      return rows.map(toLink);
    },

    /** Links the ticket to the issue, or refreshes the facts of the existing link. */
    async link(org: string, issueId: string, connectionId: number, ticket: TicketFacts): Promise<TicketLink> {
      const at = now();
      await tables
        .insertInto('ticket_links')
        .values({
          org,
          issue_id: issueId,
          connection_id: connectionId,
          ticket_key: ticket.key,
          url: ticket.url,
          title: ticket.title,
          state: ticket.state,
          state_label: ticket.stateLabel,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['connection_id', 'ticket_key', 'issue_id']).doUpdateSet({
            url: ticket.url,
            title: ticket.title,
            state: ticket.state,
            state_label: ticket.stateLabel,
            updated_at: at,
          }),
        )
        .execute();
      const row = await linkSelect()
        .where('l.connection_id', '=', connectionId)
        .where('l.ticket_key', '=', ticket.key)
        .where('l.issue_id', '=', issueId)
        .executeTakeFirstOrThrow();
      return toLink(row);
    },

    async unlink(org: string, issueId: string, linkId: number): Promise<boolean> {
      const result = await tables
        .deleteFrom('ticket_links')
        .where('org', '=', org)
        .where('issue_id', '=', issueId)
        .where('id', '=', linkId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async linksOfTicket(connectionId: number, key: string): Promise<TicketLink[]> {
      const rows = await linkSelect()
        .where('l.connection_id', '=', connectionId)
        .where('l.ticket_key', '=', key)
        .execute();
      return rows.map(toLink);
    },

    /**
     * Sets the state of every link to the ticket; returns the links whose state changed (so a
     * repeated "closed" delivery changes nothing and resolves nothing twice).
     */
    async setTicketState(
      connectionId: number,
      key: string,
      state: 'open' | 'closed',
      stateLabel: string,
    ): Promise<TicketLink[]> {
      const rows = await linkSelect()
        .where('l.connection_id', '=', connectionId)
        .where('l.ticket_key', '=', key)
        .execute();
      const changed = rows.filter((row) => row.state !== state);
      if (rows.length > 0) {
        await tables
          .updateTable('ticket_links')
          .set({ state, state_label: stateLabel, updated_at: now() })
          .where('connection_id', '=', connectionId)
          .where('ticket_key', '=', key)
          .execute();
      }
      return changed.map((row) => toLink({ ...row, state, state_label: stateLabel }));
    },

    /** True the first time this delivery id is seen for the connection. */
    async firstDelivery(connectionId: number, deliveryId: string): Promise<boolean> {
      const at = now();
      await tables
        .deleteFrom('integration_deliveries')
        .where('received_at', '<', at - DELIVERY_MEMORY_MS)
        .execute();
      const result = await tables
        .insertInto('integration_deliveries')
        .values({ connection_id: connectionId, delivery_id: deliveryId, received_at: at })
        .onConflict((oc) => oc.columns(['connection_id', 'delivery_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Forgets a delivery whose processing failed, so the vendor's retry is handled. */
    async forgetDelivery(connectionId: number, deliveryId: string): Promise<void> {
      await tables
        .deleteFrom('integration_deliveries')
        .where('connection_id', '=', connectionId)
        .where('delivery_id', '=', deliveryId)
        .execute();
    },
  };
}

export type IntegrationsStore = ReturnType<typeof createIntegrationsStore>;
