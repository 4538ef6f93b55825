/**
 * Packs settled rollup buckets (`db/migration-0014-discover-packed.ts`): all rows of one tag key,
 * tier and bucket become one row per project and environment, whose `counts` blob holds
 * (value id u32, events u32, last seen f64) per tag value, 16 bytes each, and whose `users` blob
 * holds each value's sketch as (length u32, the sketch's own bytes), in the same order. A query
 * then reads one SQLite row per bucket instead of one per tag value, and walks the blobs in a
 * tight loop (`forEachPacked`).
 *
 * Invariant: a (key, tier, bucket) is either packed (marker present, and its packed rows hold
 * everything its rollup rows hold) or read from the rollup rows. The writer keeps it by calling
 * `invalidate` for every bucket it writes, inside its own transaction; packing happens in the
 * background, between transactions, only for buckets that ended SETTLE_MS ago. A day's write also
 * unpacks the multi-day blocks (`BLOCKS`) that hold it.
 */
import type { Database } from 'better-sqlite3';
import { ALL_EVENTS, DAY_MS, HOUR_MS } from './rollup-aggregator';

export type Tier = 'hour' | 'day';
export const TIER_MS: Record<Tier, number> = { hour: HOUR_MS, day: DAY_MS };
/**
 * Packs of 2, 4 and 8 settled days (aligned to their width), merged from the day rows: a 13-day
 * window reads 8 + 4 + 1 days in 3 packs instead of 13, and each value's users once per block
 * (`blocksOf` decomposes a window).
 */
export const BLOCKS = [
  { tier: 'd8', ms: 8 * DAY_MS },
  { tier: 'd4', ms: 4 * DAY_MS },
  { tier: 'd2', ms: 2 * DAY_MS },
] as const;
export type BlockTier = (typeof BLOCKS)[number]['tier'];

/**
 * [start, end) (whole days) as the fewest packed blocks `packed` holds (largest first), and the
 * days left over as day slices.
 */
export function blocksOf(
  start: number,
  end: number,
  packed: ReadonlySet<string>,
): { blocks: Array<{ tier: BlockTier; bucket: number }>; days: Array<[number, number]> } {
  const blocks: Array<{ tier: BlockTier; bucket: number }> = [];
  const days: Array<[number, number]> = [];
  let at = start;
  while (at < end) {
    const block = BLOCKS.find((b) => at % b.ms === 0 && at + b.ms <= end && packed.has(`${b.tier}:${at}`));
    if (block) {
      blocks.push({ tier: block.tier, bucket: at });
      at += block.ms;
      continue;
    }
    const last = days.at(-1);
    if (last && last[1] === at) last[1] = at + DAY_MS;
    else days.push([at, at + DAY_MS]);
    at += DAY_MS;
  }
  return { blocks, days };
}
/** A bucket is packed this long after it ended: events arrive a little late more often than not. */
export const SETTLE_MS = 10 * 60_000;
const RECORD_BYTES = 16;

interface RollupRowOfBucket {
  project_id: number;
  environment: string;
  value: string;
  events: number;
  last_seen: number;
  users: Uint8Array | null;
}

/** Walks a packed row: one call per tag value, with its sketch as a slice of `users` (length 0: none). */
export function forEachPacked(
  counts: Uint8Array,
  users: Uint8Array | null,
  visit: (
    valueId: number,
    events: number,
    lastSeen: number,
    sketchOffset: number,
    sketchLength: number,
  ) => void,
): void {
  const view = new DataView(counts.buffer, counts.byteOffset, counts.byteLength);
  const usersView = users ? new DataView(users.buffer, users.byteOffset, users.byteLength) : null;
  let at = 0;
  for (let offset = 0; offset + RECORD_BYTES <= counts.byteLength; offset += RECORD_BYTES) {
    let length = 0;
    if (usersView) {
      length = usersView.getUint32(at, true);
      at += 4;
    }
    visit(
      view.getUint32(offset, true),
      view.getUint32(offset + 4, true),
      view.getFloat64(offset + 8, true),
      at,
      length,
    );
    at += length;
  }
}

function encode(records: Array<{ id: number; row: RollupRowOfBucket }>): {
  counts: Buffer;
  users: Buffer | null;
} {
  const counts = Buffer.alloc(records.length * RECORD_BYTES);
  let usersLength = 0;
  for (const { row } of records) usersLength += 4 + (row.users?.length ?? 0);
  const hasUsers = records.some(({ row }) => row.users !== null && row.users.length > 0);
  const users = hasUsers ? Buffer.alloc(usersLength) : null;
  let at = 0;
  records.forEach(({ id, row }, i) => {
    counts.writeUInt32LE(id, i * RECORD_BYTES);
    counts.writeUInt32LE(row.events, i * RECORD_BYTES + 4);
    counts.writeDoubleLE(row.last_seen, i * RECORD_BYTES + 8);
    if (!users) return;
    const sketch = row.users ?? new Uint8Array(0);
    users.writeUInt32LE(sketch.length, at);
    users.set(sketch, at + 4);
    at += 4 + sketch.length;
  });
  return { counts, users };
}

export function createRollupPacker(sqlite: Database) {
  const rowsOf = {
    hour: sqlite.prepare(
      `select project_id, environment, value, events, last_seen, users from discover_rollup_hour
       where key = ? and bucket = ? order by project_id, environment`,
    ),
    day: sqlite.prepare(
      `select project_id, environment, value, events, last_seen, users from discover_rollup_day
       where key = ? and bucket = ? order by project_id, environment`,
    ),
  };
  const nextBucket = {
    hour: sqlite.prepare('select min(bucket) from discover_rollup_hour where key = ? and bucket > ?').pluck(),
    day: sqlite.prepare('select min(bucket) from discover_rollup_day where key = ? and bucket > ?').pluck(),
  };
  const blockRows = sqlite.prepare(
    `select project_id, environment, value, sum(events) as events, max(last_seen) as last_seen,
       discover_union_users(users) as users
     from discover_rollup_day where key = ? and bucket >= ? and bucket < ?
     group by project_id, environment, value order by project_id, environment`,
  );
  const isPacked = sqlite
    .prepare('select 1 from discover_rollup_packed_buckets where key = ? and tier = ? and bucket = ?')
    .pluck();
  const mark = sqlite.prepare(
    'insert or ignore into discover_rollup_packed_buckets (key, tier, bucket) values (?, ?, ?)',
  );
  const insertPacked = sqlite.prepare(
    `insert or replace into discover_rollup_packed (key, tier, bucket, project_id, environment, counts, users)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertValue = sqlite.prepare(
    'insert or ignore into discover_rollup_values (project_id, key, value) values (?, ?, ?)',
  );
  const valueIdOf = sqlite
    .prepare('select id from discover_rollup_values where project_id = ? and key = ? and value = ?')
    .pluck();
  const unmarkBucket = sqlite.prepare(
    'delete from discover_rollup_packed_buckets where tier = ? and bucket = ?',
  );
  const unpackBucket = sqlite.prepare('delete from discover_rollup_packed where tier = ? and bucket = ?');
  const unmarkKey = sqlite.prepare('delete from discover_rollup_packed_buckets where key = ?');
  const unpackKey = sqlite.prepare('delete from discover_rollup_packed where key = ?');
  const keys = sqlite.prepare('select distinct key from discover_rollup_keys').pluck();
  const ids = new Map<string, number>();

  function idOf(projectId: number, key: string, value: string): number {
    const name = `${projectId}\u0000${key}\u0000${value}`;
    let id = ids.get(name);
    if (id === undefined) {
      insertValue.run(projectId, key, value);
      id = valueIdOf.get(projectId, key, value) as number;
      ids.set(name, id);
    }
    return id;
  }

  /** Packs `rows` (ordered by project and environment) as (key, tier, bucket) and marks it packed. */
  function packRows(key: string, tier: string, bucket: number, rows: RollupRowOfBucket[]): void {
    let group: Array<{ id: number; row: RollupRowOfBucket }> = [];
    const flush = () => {
      const first = group[0];
      if (!first) return;
      const { counts, users } = encode(group);
      insertPacked.run(key, tier, bucket, first.row.project_id, first.row.environment, counts, users);
      group = [];
    };
    for (const row of rows) {
      const first = group[0];
      if (first && (first.row.project_id !== row.project_id || first.row.environment !== row.environment))
        flush();
      group.push({ id: idOf(row.project_id, key, row.value), row });
    }
    flush();
    mark.run(key, tier, bucket);
  }

  /** Folds the rollup rows of (key, tier, bucket) into packed rows and marks the bucket packed. */
  function packBucket(key: string, tier: Tier, bucket: number): void {
    sqlite.transaction(() =>
      packRows(key, tier, bucket, rowsOf[tier].all(key, bucket) as RollupRowOfBucket[]),
    )();
  }

  /** Merges the day rows of a block of days into packed rows. */
  function packBlock(key: string, tier: BlockTier, bucket: number, ms: number): void {
    sqlite.transaction(() =>
      packRows(key, tier, bucket, blockRows.all(key, bucket, bucket + ms) as RollupRowOfBucket[]),
    )();
  }

  /**
   * One pass over every key's settled buckets, packing those not packed yet; yields after each
   * bucket packed so the caller can stop at its time budget and resume at the next tick.
   */
  function* packSettled(now: () => number): Generator<void, void, void> {
    for (const key of [ALL_EVENTS, ...(keys.all() as string[]).filter((k) => k !== ALL_EVENTS)]) {
      for (const tier of ['hour', 'day'] as const) {
        let bucket = -1;
        for (;;) {
          const next = nextBucket[tier].get(key, bucket) as number | null;
          if (next === null || next + TIER_MS[tier] > now() - SETTLE_MS) break;
          bucket = next;
          if (isPacked.get(key, tier, bucket) !== undefined) continue;
          packBucket(key, tier, bucket);
          yield;
        }
      }
      for (const block of BLOCKS) {
        let day = -1;
        for (;;) {
          const next = nextBucket.day.get(key, day) as number | null;
          if (next === null) break;
          const bucket = Math.floor(next / block.ms) * block.ms;
          if (bucket + block.ms > now() - SETTLE_MS) break;
          day = bucket + block.ms - 1;
          if (isPacked.get(key, block.tier, bucket) !== undefined) continue;
          packBlock(key, block.tier, bucket, block.ms);
          yield;
        }
      }
    }
  }

  return {
    packBucket,
    packSettled,
    /** Packs everything settled now, at once (the bench fixture; tests). */
    packAll(now: () => number): number {
      let packed = 0;
      for (const _ of packSettled(now)) packed += 1;
      return packed;
    },
    /** The writer is about to change (tier, bucket): its packs are stale. Inside the writer's transaction. */
    invalidate(tier: Tier, bucket: number): void {
      if (unmarkBucket.run(tier, bucket).changes > 0) unpackBucket.run(tier, bucket);
      if (tier !== 'day') return;
      for (const block of BLOCKS) {
        const start = Math.floor(bucket / block.ms) * block.ms;
        if (unmarkBucket.run(block.tier, start).changes > 0) unpackBucket.run(block.tier, start);
      }
    },
    /** A project starts tracking `key`: its older buckets gain rows, so none of the key's packs hold. */
    invalidateKey(key: string): void {
      unmarkKey.run(key);
      unpackKey.run(key);
    },
  };
}

export type RollupPacker = ReturnType<typeof createRollupPacker>;
