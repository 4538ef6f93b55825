/**
 * Counts an upgraded store's older events into Discover's rollup in the background, newest first,
 * a chunk per transaction (`discover_rollup_backfill`, migration 0014): per project, the events up
 * to `until_id` (the last id stored before this process took ingest, which counts every later
 * event itself) below the keyset cursor (`cursor_ts`, `cursor_id`). Each chunk commits with its
 * cursor, so a restart resumes where the last one stopped.
 *
 * Queries read the rollup only from `rolledUpFrom` on (the first whole hour the backfill has
 * passed in every project they cover) and the events before it, so a store answers recent windows
 * from the rollup minutes before the backfill reaches its oldest events.
 */
import type { Database } from 'better-sqlite3';
import { sql } from 'kysely';
import type { StoreDb } from '../db/database';
import { HOUR_MS, type RollupEvent } from './rollup-aggregator';

export const BACKFILL_CHUNK = 2_000;
/** A backfill row for every project (the rollup was off): expanded when the rollup is on again. */
export const EVERY_PROJECT = 0;

interface BackfillRow {
  project_id: number;
  until_id: number | null;
  cursor_ts: number | null;
  cursor_id: number | null;
}

interface StoredEventRow {
  id: number;
  project_id: number;
  timestamp: number;
  data: string;
}

/** The first hour from which the rollup holds every event of the projects; -Infinity when complete. */
export async function rolledUpFrom(db: StoreDb, projectIds: number[]): Promise<number> {
  if (projectIds.length === 0) return Number.NEGATIVE_INFINITY;
  const { rows } = await sql<Pick<BackfillRow, 'cursor_ts'>>`
    select cursor_ts from discover_rollup_backfill
    where project_id in (${sql.join([...projectIds, EVERY_PROJECT])})`.execute(db);
  let from = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    // Events at cursor_ts itself may still be missing: the hour after it is the first whole one.
    const hour =
      row.cursor_ts === null ? Number.POSITIVE_INFINITY : Math.floor(row.cursor_ts / HOUR_MS + 1) * HOUR_MS;
    from = Math.max(from, hour);
  }
  return from;
}

export function createRollupBackfill(
  sqlite: Database,
  countIn: (events: RollupEvent[]) => void,
  eventOf: (row: StoredEventRow) => RollupEvent,
) {
  const next = sqlite.prepare('select * from discover_rollup_backfill order by project_id limit 1');
  const first = sqlite.prepare(
    `select id, project_id, timestamp, data from events where project_id = ? and id <= ?
     order by timestamp desc, id desc limit ?`,
  );
  const after = sqlite.prepare(
    `select id, project_id, timestamp, data from events where project_id = ? and id <= ?
       and (timestamp, id) < (?, ?)
     order by timestamp desc, id desc limit ?`,
  );
  const advance = sqlite.prepare(
    'update discover_rollup_backfill set cursor_ts = ?, cursor_id = ? where project_id = ?',
  );
  const done = sqlite.prepare('delete from discover_rollup_backfill where project_id = ?');

  sqlite.exec(`insert or ignore into discover_rollup_backfill (project_id)
      select id from projects where exists (select 1 from discover_rollup_backfill where project_id = ${EVERY_PROJECT});
    delete from discover_rollup_backfill where project_id = ${EVERY_PROJECT};`);
  // Everything stored so far is the backfill's; ingest from now on counts the rest.
  sqlite
    .prepare(
      'update discover_rollup_backfill set until_id = (select coalesce(max(id), 0) from events) where until_id is null',
    )
    .run();

  return {
    /** Counts one chunk in; false when nothing is left. */
    step(): boolean {
      const state = next.get() as BackfillRow | undefined;
      if (!state) return false;
      sqlite.transaction(() => {
        const rows = (
          state.cursor_ts === null
            ? first.all(state.project_id, state.until_id ?? 0, BACKFILL_CHUNK)
            : after.all(
                state.project_id,
                state.until_id ?? 0,
                state.cursor_ts,
                state.cursor_id,
                BACKFILL_CHUNK,
              )
        ) as StoredEventRow[];
        countIn(rows.map(eventOf));
        const last = rows.at(-1);
        if (rows.length < BACKFILL_CHUNK || !last) done.run(state.project_id);
        else advance.run(last.timestamp, last.id, state.project_id);
      })();
      return true;
    },
    pending(): boolean {
      return next.get() !== undefined;
    },
  };
}
