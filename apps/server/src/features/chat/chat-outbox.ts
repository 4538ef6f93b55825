/**
 * The durable delivery queue of chat messages (migration `0015_chat_delivery`): every post to
 * Slack or Teams is a row first, so nothing is lost when the receiver is down, rate-limits or the
 * process restarts. A due row is claimed under a lease (one conditional update, so of two
 * instances only one takes it), then settled as delivered, due again later, or dead. `held` rows
 * wait for a route's quiet hours or digest period to end and are then folded into one digest row.
 * Bounded: at most `MAX_WAITING` rows wait per organization (the oldest is dropped as dead, named
 * in its error), and settled rows are forgotten after `LOG_KEEP_MS`.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DexterDb } from '../../db/database';

export type ChatDeliveryKind = 'issue' | 'status' | 'digest' | 'dm';
export type ChatDeliveryStatus = 'pending' | 'held' | 'digested' | 'delivered' | 'dead';

interface DeliveryTable {
  id: number;
  org: string;
  connection_id: number;
  route_id: number | null;
  channel: string;
  kind: ChatDeliveryKind;
  issue_id: string | null;
  reason: string;
  /** JSON: what a digest or a DM holds; `{}` for issue and status messages. */
  payload: string;
  status: ChatDeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  digest_id: number | null;
  created_at: number;
  delivered_at: number | null;
}

type Tables = { chat_deliveries: DeliveryTable };
export type ChatDeliveryRow = DeliveryTable;
export type NewChatDelivery = Pick<
  DeliveryTable,
  'org' | 'connection_id' | 'route_id' | 'channel' | 'kind' | 'issue_id' | 'reason'
> & { payload?: string };

/** Rows waiting (pending or held) per organization before the oldest is dropped. */
export const MAX_WAITING = 5_000;
/** How long delivered, digested and dead rows stay in the log. */
export const LOG_KEEP_MS = 14 * 86_400_000;
/** How long a claimed row is this instance's before another may take it over. */
const LEASE_MS = 60_000;

export function createChatOutbox(
  dexterDb: DexterDb,
  now: () => number,
  { maxWaiting = MAX_WAITING }: { maxWaiting?: number } = {},
) {
  const db = dexterDb.withTables<Tables>() as unknown as Kysely<Tables>;

  async function dropOverflow(org: string): Promise<void> {
    const waiting = await db
      .selectFrom('chat_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org', '=', org)
      .where('status', 'in', ['pending', 'held'])
      .executeTakeFirst();
    const over = Number(waiting?.n ?? 0) - maxWaiting;
    if (over <= 0) return;
    const oldest = db
      .selectFrom('chat_deliveries')
      .select('id')
      .where('org', '=', org)
      .where('status', 'in', ['pending', 'held'])
      .orderBy('id')
      .limit(over);
    await db
      .updateTable('chat_deliveries')
      .set({ status: 'dead', lease_until: null, last_error: `dropped: more than ${maxWaiting} waiting` })
      .where('id', 'in', oldest)
      .execute();
  }

  return {
    /** Queues a message, due now (`pending`) or held until `heldUntil`; resolves with its id. */
    async enqueue(row: NewChatDelivery, heldUntil: number | null = null): Promise<number> {
      const at = now();
      const inserted = await db
        .insertInto('chat_deliveries')
        .values({
          ...row,
          payload: row.payload ?? '{}',
          status: heldUntil === null ? 'pending' : 'held',
          attempts: 0,
          next_attempt_at: heldUntil ?? at,
          created_at: at,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await dropOverflow(row.org);
      return Number(inserted.id);
    },

    /** Claims up to `limit` due pending rows (all pending ones when `all`), each counting one more attempt. */
    async claimDue(limit: number, all = false): Promise<ChatDeliveryRow[]> {
      const at = now();
      const claimable = (eb: ExpressionBuilder<Tables, 'chat_deliveries'>) =>
        eb.and([
          eb('status', '=', 'pending'),
          ...(all ? [] : [eb('next_attempt_at', '<=', at)]),
          eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]),
        ]);
      const rows = await db
        .updateTable('chat_deliveries')
        .set((eb) => ({ lease_until: at + LEASE_MS, attempts: eb('attempts', '+', 1) }))
        .where((eb) =>
          eb(
            'id',
            'in',
            eb.selectFrom('chat_deliveries').select('id').where(claimable).orderBy('id').limit(limit),
          ),
        )
        .where(claimable)
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.id - b.id);
    },

    async delivered(id: number): Promise<void> {
      await db
        .updateTable('chat_deliveries')
        .set({ status: 'delivered', delivered_at: now(), lease_until: null, last_error: null })
        .where('id', '=', id)
        .execute();
    },
    async retryAt(id: number, at: number, error: string): Promise<void> {
      await db
        .updateTable('chat_deliveries')
        .set({ next_attempt_at: at, lease_until: null, last_error: error })
        .where('id', '=', id)
        .execute();
    },
    async dead(id: number, error: string): Promise<void> {
      await db
        .updateTable('chat_deliveries')
        .set({ status: 'dead', lease_until: null, last_error: error })
        .where('id', '=', id)
        .execute();
    },
    /** A dead row queued again, from its first attempt; false when there is no such dead row. */
    async requeue(org: string, id: number): Promise<boolean> {
      const result = await db
        .updateTable('chat_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now(), lease_until: null })
        .where('org', '=', org)
        .where('id', '=', id)
        .where('status', '=', 'dead')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Held rows whose hold is over, oldest first. */
    heldDue: () =>
      db
        .selectFrom('chat_deliveries')
        .selectAll()
        .where('status', '=', 'held')
        .where('next_attempt_at', '<=', now())
        .orderBy('id')
        .limit(1_000)
        .execute(),
    /**
     * Folds held rows into one digest row (pending now), in one transaction that only takes rows
     * still held, so two instances never send the same held message twice.
     */
    async fold(held: readonly ChatDeliveryRow[], digest: NewChatDelivery): Promise<number | null> {
      return db
        .transaction()
        .execute(async (trx) => {
          const at = now();
          const inserted = await trx
            .insertInto('chat_deliveries')
            .values({
              ...digest,
              payload: digest.payload ?? '{}',
              status: 'pending',
              attempts: 0,
              next_attempt_at: at,
              created_at: at,
            } as never)
            .returning('id')
            .executeTakeFirstOrThrow();
          const taken = await trx
            .updateTable('chat_deliveries')
            .set({ status: 'digested', digest_id: Number(inserted.id), delivered_at: at })
            .where(
              'id',
              'in',
              held.map((row) => row.id),
            )
            .where('status', '=', 'held')
            .executeTakeFirst();
          if (Number(taken.numUpdatedRows) !== held.length) throw new FoldRaceError();
          return Number(inserted.id);
        })
        .catch((error: unknown) => {
          if (error instanceof FoldRaceError) return null;
          throw error;
        });
    },

    /** The newest message of this kind about an issue (to one route when given): what was last told. */
    latestAbout: (org: string, issueId: string, kind: ChatDeliveryKind, routeId: number | null = null) => {
      let query = db
        .selectFrom('chat_deliveries')
        .selectAll()
        .where('org', '=', org)
        .where('issue_id', '=', issueId)
        .where('kind', '=', kind);
      if (routeId !== null) query = query.where('route_id', '=', routeId);
      return query.orderBy('id', 'desc').limit(1).executeTakeFirst();
    },

    /** The soonest time a pending or held row becomes due, or null. */
    async nextDue(): Promise<number | null> {
      const row = await db
        .selectFrom('chat_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', 'in', ['pending', 'held'])
        .executeTakeFirst();
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    /** Forgets settled rows older than the log keeps. */
    async prune(): Promise<void> {
      await db
        .deleteFrom('chat_deliveries')
        .where('status', 'in', ['delivered', 'digested', 'dead'])
        .where('created_at', '<', now() - LOG_KEEP_MS)
        .execute();
    },

    /** The log, newest first. */
    list(filter: { org: string; status?: ChatDeliveryStatus; limit: number }) {
      let query = db
        .selectFrom('chat_deliveries')
        .selectAll()
        .where('org', '=', filter.org)
        .orderBy('id', 'desc')
        .limit(filter.limit);
      if (filter.status) query = query.where('status', '=', filter.status);
      return query.execute();
    },

    forgetConnection: (id: number) =>
      db.deleteFrom('chat_deliveries').where('connection_id', '=', id).execute(),
  };
}

class FoldRaceError extends Error {}

export type ChatOutbox = ReturnType<typeof createChatOutbox>;
