/**
 * Keeps Discover's rollup (`db/migration-0012-discover.ts`) in step with the events ingest writes.
 * The write queue hands each batch's committed events to `committed`, and `catchUp` counts them
 * in later, in one transaction that also advances `discover_rollup_watermark` (migration 0020):
 * folding each small ingest batch in before its commit cost more CPU than the event's own rows
 * (a batch of ~10 events touches ~20 keys x 2 tiers, each with a user sketch merge), and a few
 * hundred events at once share most of their rows. Reads call `rollupCaughtUp` first, so a query
 * never misses a committed event; a crash before the catch-up leaves events above the watermark,
 * which the next start counts in from `events` before anything else writes. `batch()` still
 * counts inside the caller's transaction (fixtures, tests) and advances the watermark with it.
 * Each distinct row is one upsert per tier; the users' sketches merge in a SQLite function so an
 * upsert never reads the row back into JavaScript first.
 *
 * In the background, between the write queue's transactions, it counts in events stored before
 * the rollup existed (`rollup-backfill.ts`, newest first, resumable) and packs settled buckets
 * into one row per key, project and environment (`rollup-packing.ts`); every write here marks
 * the buckets it touches unpacked, in the same transaction.
 *
 * `DEXTER_STORE_DISCOVER_ROLLUP=off` turns the feeding off, for `bench:discover`'s ingest A/B
 * only: the store then marks its rollup stale, queries scan events, and the next start with the
 * rollup on counts everything in again.
 */
import type { Database } from 'better-sqlite3';
import { type StoredEvent, userKeyOf } from './event-view';
import { entryOf } from './map-entry';
import {
  type RollupAggregator as Aggregator,
  ALL_EVENTS,
  RollupAggregator,
  type RollupEntry,
  type RollupEvent,
} from './rollup-aggregator';
import { createRollupBackfill, EVERY_PROJECT } from './rollup-backfill';
import { createRollupPacker } from './rollup-packing';
import { mergeBlobs, UserSketch } from './user-sketch';

/**
 * The SQLite functions over user sketches, on the store's one connection (the API's reads share
 * it): `discover_merge_users(a, b)` for the upserts, and the aggregate `discover_union_users(users)`
 * with which the rollup engine merges a group's rows inside SQLite instead of reading each row out.
 */
export function registerSketchFunctions(sqlite: Database): void {
  sqlite.function('discover_merge_users', { deterministic: true }, (a: unknown, b: unknown) =>
    mergeBlobs(a as Uint8Array | null, b as Uint8Array | null),
  );
  sqlite.aggregate('discover_union_users', {
    start: () => new UserSketch(),
    step: (sketch: UserSketch, blob: unknown) => {
      sketch.mergeBlob(blob as Uint8Array | null);
      return sketch;
    },
    result: (sketch: UserSketch) => sketch.toBlob(),
  });
}

const catchUps = new WeakMap<object, () => Promise<void>>();

/** Lets reads through `db` bring the rollup up to every committed event first (the write queue). */
export function registerRollupCatchUp(db: object, catchUp: () => Promise<void>): void {
  catchUps.set(db, catchUp);
}

/** Resolves once the rollup behind `db` holds every event committed so far. */
export async function rollupCaughtUp(db: object): Promise<void> {
  await catchUps.get(db)?.();
}

export interface DiscoverRollupWriterOptions {
  /**
   * Run the backfill and the packing on timers, between the write queue's transactions (default).
   * Off: the caller drives them with `maintain` (the bench fixture, tests).
   */
  background?: boolean;
  now?: () => number;
}

/** How long one background turn may hold the connection before yielding to ingest and queries. */
const TURN_BUDGET_MS = 25;
/** Between passes when nothing was left to do: a bucket settles at most this late. */
const IDLE_MS = 60_000;

export function createDiscoverRollupWriter(sqlite: Database, options: DiscoverRollupWriterOptions = {}) {
  registerSketchFunctions(sqlite);
  if (process.env.DEXTER_STORE_DISCOVER_ROLLUP === 'off') return disabledWriter(sqlite);
  const now = options.now ?? Date.now;
  const upsert = (['hour', 'day'] as const).map((tier) =>
    sqlite.prepare(
      `insert into discover_rollup_${tier} (key, bucket, project_id, environment, value, events, last_seen, users)
       values (@key, @bucket, @projectId, @environment, @value, @events, @lastSeen, @users)
       on conflict (key, bucket, project_id, environment, value) do update set
         events = events + excluded.events, last_seen = max(last_seen, excluded.last_seen),
         users = discover_merge_users(users, excluded.users)`,
    ),
  );
  // A key seen for the first time: every earlier event of the project lacked it.
  const copyAllEvents = (['hour', 'day'] as const).map((tier) =>
    sqlite.prepare(
      `insert into discover_rollup_${tier} (key, bucket, project_id, environment, value, events, last_seen, users)
       select @key, bucket, project_id, environment, '', events, last_seen, users
       from discover_rollup_${tier} where key = '${ALL_EVENTS}' and project_id = @projectId
       on conflict (key, bucket, project_id, environment, value) do update set
         events = events + excluded.events, last_seen = max(last_seen, excluded.last_seen),
         users = discover_merge_users(users, excluded.users)`,
    ),
  );
  const insertKey = sqlite.prepare(
    'insert or ignore into discover_rollup_keys (project_id, key) values (?, ?)',
  );
  const keys = new Map<number, Set<string>>();
  for (const row of sqlite.prepare('select project_id, key from discover_rollup_keys').all() as Array<{
    project_id: number;
    key: string;
  }>) {
    entryOf(keys, row.project_id, () => new Set<string>()).add(row.key);
  }
  const none: ReadonlySet<string> = new Set();
  const known = (projectId: number) => keys.get(projectId) ?? none;
  const packer = createRollupPacker(sqlite);
  // Only ever forward: retention may have deleted the newest events.
  const advanceWatermark = sqlite.prepare(
    'update discover_rollup_watermark set event_id = max(event_id, (select coalesce(max(id), 0) from events))',
  );

  const row = (entry: RollupEntry) => ({
    key: entry.key,
    bucket: entry.bucket,
    projectId: entry.projectId,
    environment: entry.environment,
    value: entry.value,
    events: entry.events,
    lastSeen: entry.lastSeen,
    users: entry.users.estimate() === 0 ? null : entry.users.toBlob(),
  });

  /** Writes what `aggregator` counted; inside the caller's transaction. */
  function persist(aggregator: Aggregator): void {
    for (const { projectId, key } of aggregator.discovered) {
      packer.invalidateKey(key);
      for (const copy of copyAllEvents) copy.run({ key, projectId });
      insertKey.run(projectId, key);
    }
    const hours = new Set<number>();
    for (const entry of aggregator.entries.values()) {
      hours.add(entry.bucket);
      upsert[0]!.run(row(entry));
    }
    const days = new Set<number>();
    for (const entry of aggregator.dayEntries()) {
      days.add(entry.bucket);
      upsert[1]!.run(row(entry));
    }
    for (const hour of hours) packer.invalidate('hour', hour);
    for (const day of days) packer.invalidate('day', day);
    for (const { projectId, key } of aggregator.discovered) {
      entryOf(keys, projectId, () => new Set<string>()).add(key);
    }
  }

  countInAboveWatermark();

  /**
   * Events committed above the watermark were never counted in (the process stopped between
   * their commit and the catch-up): count them now, before ingest or the backfill moves on.
   * Projects whose backfill has not started (no `until_id` yet) are left to it, which counts every
   * event up to the newest.
   */
  function countInAboveWatermark(): void {
    sqlite.transaction(() => {
      const everyProject = sqlite
        .prepare('select 1 from discover_rollup_backfill where project_id = ?')
        .get(EVERY_PROJECT);
      if (!everyProject) {
        const rows = sqlite
          .prepare(
            `select project_id, timestamp, data from events
             where id > (select event_id from discover_rollup_watermark)
               and project_id not in (select project_id from discover_rollup_backfill where until_id is null)
             order by id`,
          )
          .all() as Array<{ project_id: number; timestamp: number; data: string }>;
        if (rows.length > 0) {
          const aggregator = new RollupAggregator(known);
          for (const row of rows) aggregator.add(rollupEventOf(row.project_id, row.timestamp, row.data));
          persist(aggregator);
        }
      }
      advanceWatermark.run();
    })();
  }

  /** Committed events not yet counted in, oldest first. */
  let uncounted: RollupEvent[] = [];

  const backfill = createRollupBackfill(
    sqlite,
    (events) => {
      const aggregator = new RollupAggregator(known);
      for (const event of events) aggregator.add(event);
      persist(aggregator);
    },
    (event) => rollupEventOf(event.project_id, event.timestamp, event.data),
  );

  let packing: Generator<void, void, void> | null = null;
  /**
   * Background work for up to `budgetMs`: the backfill first (queries scan what it has not
   * reached), then packing settled buckets. Returns whether work is left.
   */
  function maintain(budgetMs: number, maxSteps = Number.POSITIVE_INFINITY): boolean {
    const deadline = performance.now() + budgetMs;
    for (let steps = 0; steps < maxSteps && performance.now() < deadline; steps++) {
      if (backfill.step()) continue;
      packing ??= packer.packSettled(now);
      if (packing.next().done) {
        packing = null;
        return false;
      }
    }
    return true;
  }

  if (options.background !== false) {
    const turn = () => {
      // The connection closed (the store stopped): nothing left to do.
      if (!sqlite.open) return;
      // The write queue's transaction spans awaits: never write inside it.
      if (sqlite.inTransaction) {
        setTimeout(turn, 5).unref();
        return;
      }
      let more = false;
      try {
        more = maintain(TURN_BUDGET_MS);
      } catch (error) {
        if (!sqlite.open) return;
        process.emitWarning(`Discover rollup maintenance failed: ${String(error)}`);
      }
      setTimeout(turn, more ? 1 : IDLE_MS).unref();
    };
    setTimeout(turn, 1).unref();
  }

  return {
    /** One batch's counts; `flush` inside the batch's transaction, before its commit. */
    batch() {
      const aggregator = new RollupAggregator(known);
      return {
        add(event: RollupEvent, written: { duplicate: boolean }): void {
          if (!written.duplicate) aggregator.add(event);
        },
        flush(): void {
          persist(aggregator);
          advanceWatermark.run();
        },
      };
    },
    /** Events just committed (duplicates left out), to be counted in by `catchUp`. */
    committed(events: readonly RollupEvent[]): void {
      for (const event of events) uncounted.push(event);
    },
    /** How many committed events wait to be counted in. */
    get uncounted(): number {
      return uncounted.length;
    },
    /**
     * Counts every committed event in, in one transaction of its own; the caller holds the
     * connection, outside any transaction. On failure the events stay waiting (and the watermark
     * where it was, so a restart would count them in too).
     */
    catchUp(): void {
      if (uncounted.length === 0) return;
      const events = uncounted;
      uncounted = [];
      try {
        sqlite.transaction(() => {
          const aggregator = new RollupAggregator(known);
          for (const event of events) aggregator.add(event);
          persist(aggregator);
          advanceWatermark.run();
        })();
      } catch (error) {
        uncounted = events.concat(uncounted);
        throw error;
      }
    },
    maintain,
    /** Runs the backfill and packs every settled bucket, at once (the bench fixture, tests). */
    maintainFully(): void {
      while (maintain(1_000)) {}
    },
    backfillPending: () => backfill.pending(),
  };
}

/**
 * The rollup is stale from here on: emptied, and marked (for every project, even those created
 * while it is off) to be counted again from the newest event (queries scan until then).
 */
function disabledWriter(sqlite: Database) {
  sqlite.exec(`delete from discover_rollup_hour; delete from discover_rollup_day; delete from discover_rollup_keys;
    delete from discover_rollup_packed; delete from discover_rollup_packed_buckets;
    delete from discover_rollup_backfill;
    insert into discover_rollup_backfill (project_id) values (${EVERY_PROJECT});`);
  const noop = { add(_event: RollupEvent, _written: { duplicate: boolean }): void {}, flush(): void {} };
  return {
    batch: () => noop,
    committed(_events: readonly RollupEvent[]): void {},
    uncounted: 0,
    catchUp(): void {},
    maintain: (_budgetMs: number, _maxSteps?: number) => false,
    maintainFully(): void {},
    backfillPending: () => true,
  };
}

/** A stored event (its normalized JSON) as the rollup counts it, with the geo tag ingest adds. */
export function rollupEventOf(projectId: number, timestamp: number, data: string): RollupEvent {
  const event = JSON.parse(data) as StoredEvent;
  const tags: Array<[string, string]> = [...(event.tags ?? [])];
  const country = event.user?.geo?.countryCode;
  if (country && !tags.some(([key]) => key === 'geo.country_code')) tags.push(['geo.country_code', country]);
  return {
    projectId,
    timestamp,
    environment: event.environment ?? null,
    userKey: userKeyOf(event.user),
    tags,
  };
}

export type DiscoverRollupWriter = ReturnType<typeof createDiscoverRollupWriter>;
