/**
 * Keeps Discover's rollup (`db/migration-0012-discover.ts`) in step with the events ingest writes:
 * the write queue hands each batch's events to `batch().add` and calls `flush` just before its
 * commit, so the rollup and `events` commit or roll back together (as the hourly event rollup
 * does). Each distinct row of a batch is one upsert per tier; the users' sketches merge in a SQLite
 * function so an upsert never reads the row back into JavaScript first.
 *
 * At creation it also counts in events stored before the rollup existed (migration 0012 marks
 * them), in chunks through the same path, so an upgraded store answers from the rollup at once.
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
import { mergeBlobs, UserSketch } from './user-sketch';

const BACKFILL_CHUNK = 5_000;

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

export function createDiscoverRollupWriter(sqlite: Database) {
  registerSketchFunctions(sqlite);
  if (process.env.DEXTER_STORE_DISCOVER_ROLLUP === 'off') return disabledWriter(sqlite);
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
      for (const copy of copyAllEvents) copy.run({ key, projectId });
      insertKey.run(projectId, key);
    }
    for (const entry of aggregator.entries.values()) upsert[0]!.run(row(entry));
    for (const entry of aggregator.dayEntries()) upsert[1]!.run(row(entry));
    for (const { projectId, key } of aggregator.discovered) {
      entryOf(keys, projectId, () => new Set<string>()).add(key);
    }
  }

  function backfill(): void {
    const state = sqlite.prepare('select backfill_after_id from discover_rollup_state').pluck();
    let after = state.get() as number | null | undefined;
    if (after === undefined || after === null) return;
    const page = sqlite.prepare(
      'select id, project_id, timestamp, data from events where id > ? order by id limit ?',
    );
    const advance = sqlite.prepare('update discover_rollup_state set backfill_after_id = ?');
    for (;;) {
      const rows = page.all(after, BACKFILL_CHUNK) as Array<{
        id: number;
        project_id: number;
        timestamp: number;
        data: string;
      }>;
      if (rows.length === 0) break;
      sqlite.transaction(() => {
        const aggregator = new RollupAggregator(known);
        for (const event of rows)
          aggregator.add(rollupEventOf(event.project_id, event.timestamp, event.data));
        persist(aggregator);
        after = rows.at(-1)!.id;
        advance.run(after);
      })();
    }
    sqlite.prepare('delete from discover_rollup_state').run();
  }

  backfill();

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
  };
}

/** The rollup is stale from here on: emptied, and marked to be counted again from the first event. */
function disabledWriter(sqlite: Database) {
  sqlite.exec(`delete from discover_rollup_hour; delete from discover_rollup_day; delete from discover_rollup_keys;
    delete from discover_rollup_state; insert into discover_rollup_state (backfill_after_id) values (0);`);
  const noop = { add(_event: RollupEvent, _written: { duplicate: boolean }): void {}, flush(): void {} };
  return { batch: () => noop };
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
