/**
 * Folds parsed session records into `session_states` and `session_aggregates` (migration 0007).
 * A sid's updates fold into one row: `init` once true stays true, the worst status and any error
 * win, and `started`, `did` and `attrs` keep their first values (they are immutable in the
 * protocol). Runs on the writer's connection, in its own transaction.
 */
import type { Database } from 'better-sqlite3';
import type { SessionRecord } from './session-items';

export function createSessionWriter(sqlite: Database) {
  const upsertSession = sqlite.prepare(
    `insert into session_states (project_id, sid, release, environment, bucket, did, init, status_rank, had_errors)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (project_id, sid) do update set
       init = max(init, excluded.init),
       status_rank = max(status_rank, excluded.status_rank),
       had_errors = max(had_errors, excluded.had_errors),
       did = coalesce(did, excluded.did)`,
  );
  const addAggregate = sqlite.prepare(
    `insert into session_aggregates (project_id, release, environment, bucket, total, errored, crashed, abnormal)
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (project_id, bucket, release, environment) do update set
       total = total + excluded.total,
       errored = errored + excluded.errored,
       crashed = crashed + excluded.crashed,
       abnormal = abnormal + excluded.abnormal`,
  );
  let written = 0;
  let dropped = 0;

  return {
    /** Call inside a transaction. */
    write(projectId: number, records: readonly SessionRecord[]): void {
      for (const r of records) {
        if (r.kind === 'session') {
          upsertSession.run(
            projectId,
            r.sid,
            r.release,
            r.environment,
            r.bucket,
            r.did,
            r.init ? 1 : 0,
            r.statusRank,
            r.hadErrors ? 1 : 0,
          );
        } else {
          addAggregate.run(
            projectId,
            r.release,
            r.environment,
            r.bucket,
            r.total,
            r.errored,
            r.crashed,
            r.abnormal,
          );
        }
      }
      written += records.length;
    },
    countDropped(n: number): void {
      dropped += n;
    },
    /** Records folded in and items dropped as malformed since start-up. */
    stats: () => ({ written, dropped }),
  };
}

export type SessionWriter = ReturnType<typeof createSessionWriter>;
