/**
 * Keeps Discover's rollup (`db/migration-0012-discover.ts`) in step with the events ingest writes:
 * the write queue hands each batch's events to `batch().add` and calls `flush` just before its
 * commit, so the rollup and `events` commit or roll back together (as the hourly event rollup
 * does). Each distinct row of a batch is one upsert per tier; the users' sketches merge in a SQLite
 * function so an upsert never reads the row back into JavaScript first.
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
        },
      };
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
