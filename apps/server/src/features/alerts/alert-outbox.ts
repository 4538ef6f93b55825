/**
 * The delivery outbox in Dexter's database (migration 0008): queue the actions of a firing once,
 * claim a due delivery under a lease (a conditional update, so of two instances only one wins),
 * and settle it as delivered, retried later, or dead-lettered. Reads for the history come from
 * here too.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DexterDb } from '../../db/database';
import { type AlertDigestPayload, type AlertPayload, DIGEST_MAX_ITEMS } from './alert-payload';

export type DeliveryKind = 'in_app' | 'email' | 'webhook';
/** `snoozed`: the rule was snoozed when it fired; recorded for the history, never sent. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'snoozed';

export interface AlertDeliveryTable {
  id: number;
  fire_id: number;
  action_index: number;
  kind: DeliveryKind;
  /** The URL, the address or member id, or '' for in-app. */
  target: string;
  org: string;
  rule_id: number;
  rule_name: string;
  issue_id: string;
  /** JSON: what is sent (`alert-payload.ts`). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  fired_at: number;
  delivered_at: number | null;
}

export type AlertOutboxTables = { alert_deliveries: AlertDeliveryTable };
export type AlertDelivery = AlertDeliveryTable;
export type NewDelivery = Omit<
  AlertDeliveryTable,
  'id' | 'status' | 'attempts' | 'lease_until' | 'last_error' | 'delivered_at'
>;

/** How long a claimed delivery is this instance's before another may take it over. */
const LEASE_MS = 60_000;
/** Rows per insert statement: 14 columns each stays far under SQLite's 32,766 variables. */
const ROWS_PER_INSERT = 500;

export function createAlertOutbox(dexterDb: DexterDb) {
  const db = dexterDb.withTables<AlertOutboxTables>() as unknown as Kysely<AlertOutboxTables>;

  return {
    /**
     * Adds a firing to the rule action's digest that is still collecting, or opens one that sends
     * at `now + windowMs`. The digest row takes the firing's id (so reading resumes after it, and
     * of two instances adding the same firing only one succeeds: the update requires an older id).
     */
    async addToDigest(row: NewDelivery, item: AlertPayload, now: number, windowMs: number): Promise<void> {
      const open = await db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('rule_id', '=', row.rule_id)
        .where('action_index', '=', row.action_index)
        .where('status', '=', 'pending')
        .where('attempts', '=', 0)
        .where('next_attempt_at', '>', now)
        // Digest rows are told by their payload (no column of their own): `{"action":"digest",…`.
        .where('payload', 'like', '{"action":"digest"%')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (open) {
        const digest = JSON.parse(open.payload) as AlertDigestPayload;
        digest.count += 1;
        if (digest.firings.length < DIGEST_MAX_ITEMS) digest.firings.push(item);
        const updated = await db
          .updateTable('alert_deliveries')
          .set({ payload: JSON.stringify(digest), fire_id: row.fire_id })
          .where('id', '=', open.id)
          .where('fire_id', '<', row.fire_id)
          .where('attempts', '=', 0)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 1) return;
      }
      const digest: AlertDigestPayload = {
        action: 'digest',
        delivery: `${row.fire_id}-${row.action_index}-digest`,
        rule: item.rule,
        count: 1,
        firings: [item],
      };
      await this.enqueue([{ ...row, payload: JSON.stringify(digest), next_attempt_at: now + windowMs }]);
    },

    /** Where reading the store's firings resumes: the newest firing already queued. */
    async lastQueuedFire(): Promise<number> {
      const row = await db
        .selectFrom('alert_deliveries')
        .select((eb) => eb.fn.max('fire_id').as('id'))
        .executeTakeFirst();
      return Number(row?.id ?? 0);
    },

    /**
     * Queues deliveries (or records them as snoozed, per row or for all); one already queued (same
     * firing and action) is left as it is. All rows or none: the reader resumes after the newest
     * firing queued, so a firing must never be queued in part.
     */
    async enqueue(
      rows: ReadonlyArray<NewDelivery & { status?: 'pending' | 'snoozed' }>,
      status: 'pending' | 'snoozed' = 'pending',
    ): Promise<void> {
      if (rows.length === 0) return;
      const insert = (into: Kysely<AlertOutboxTables>, chunk: typeof rows) =>
        into
          .insertInto('alert_deliveries')
          .values(chunk.map((row) => ({ ...row, status: row.status ?? status, attempts: 0 })) as never)
          .onConflict((oc) => oc.columns(['fire_id', 'action_index']).doNothing())
          .execute();
      if (rows.length <= ROWS_PER_INSERT) {
        await insert(db, rows);
        return;
      }
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
          await insert(trx, rows.slice(i, i + ROWS_PER_INSERT));
      });
    },

    /**
     * Claims up to `limit` due deliveries for this instance, each counting one more attempt: one
     * statement, so two instances claiming at once split the rows between them.
     */
    async claimDue(now: number, limit: number): Promise<AlertDelivery[]> {
      const claimable = (eb: ExpressionBuilder<AlertOutboxTables, 'alert_deliveries'>) =>
        eb.and([
          eb('status', '=', 'pending'),
          eb('next_attempt_at', '<=', now),
          eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]),
        ]);
      const rows = await db
        .updateTable('alert_deliveries')
        .set((eb) => ({ lease_until: now + LEASE_MS, attempts: eb('attempts', '+', 1) }))
        .where((eb) =>
          eb(
            'id',
            'in',
            eb.selectFrom('alert_deliveries').select('id').where(claimable).orderBy('id').limit(limit),
          ),
        )
        .where(claimable)
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.id - b.id);
    },

    /** Settles deliveries sent together (one statement for a round of claims). */
    async delivered(ids: readonly number[], at: number): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('alert_deliveries')
        .set({ status: 'delivered', delivered_at: at, lease_until: null, last_error: null })
        .where('id', 'in', [...ids])
        .execute();
    },

    async retryAt(id: number, at: number, error: string): Promise<void> {
      await db
        .updateTable('alert_deliveries')
        .set({ next_attempt_at: at, lease_until: null, last_error: error })
        .where('id', '=', id)
        .execute();
    },

    async deadLetter(id: number, error: string): Promise<void> {
      await db
        .updateTable('alert_deliveries')
        .set({ status: 'dead', lease_until: null, last_error: error })
        .where('id', '=', id)
        .execute();
    },

    /** The soonest time a pending delivery becomes due, or null when none waits. */
    async nextDue(): Promise<number | null> {
      const row = await db
        .selectFrom('alert_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    /** Firings per rule that reached the outbox, for the rule list. */
    async fireCounts(org: string, ruleIds: readonly number[]): Promise<Map<number, number>> {
      if (ruleIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('alert_deliveries')
        .select(['rule_id', (eb) => eb.fn.count<number>('fire_id').distinct().as('fires')])
        .where('org', '=', org)
        .where('rule_id', 'in', [...ruleIds])
        .groupBy('rule_id')
        .execute();
      return new Map(rows.map((row) => [Number(row.rule_id), Number(row.fires)]));
    },

    /** The history, newest first: of one rule, or of an organization. */
    list(filter: { org: string; ruleId?: number; status?: DeliveryStatus; limit: number }) {
      let query = db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('org', '=', filter.org)
        .orderBy('id', 'desc')
        .limit(filter.limit);
      if (filter.ruleId !== undefined) query = query.where('rule_id', '=', filter.ruleId);
      if (filter.status) query = query.where('status', '=', filter.status);
      return query.execute();
    },
  };
}

export type AlertOutbox = ReturnType<typeof createAlertOutbox>;
