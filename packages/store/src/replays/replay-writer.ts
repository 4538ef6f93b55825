/**
 * Commits an envelope's replay segment and error↔replay links in one transaction of their own, so
 * the ingest route answers 200 only once they are on disk. Runs statements prepared once on the
 * writer's connection (held through Kysely so nothing interleaves), as the span writer does.
 *
 * Bounds (`replay-limits.ts`): a replay keeps at most `segmentsPerReplay` segments and
 * `replayCompressedBytes` of them (later ones are counted in `stats().dropped`); every PRUNE_EVERY
 * commits, replays whose last segment is past the retention are deleted with their segments and
 * links. A resent segment (same replay and segment id) is a no-op. A replay id already used by
 * another project is not touched. At most `maxPending` envelopes (up to 1 MiB of recording each)
 * wait for the writer; beyond, `ReplayBacklogError` (the route answers 429), as span writes do.
 */
import type { Database } from 'better-sqlite3';
import type { StoreDb } from '../db/database';
import type { ErrorReplayLink } from './error-replay-link';
import type { ReplaySegment } from './replay-items';
import { REPLAY_LIMITS, REPLAY_PRUNE_BATCH, REPLAY_RETENTION_MS } from './replay-limits';

const PRUNE_EVERY = 100;
const DEFAULT_MAX_PENDING = 200;

export class ReplayBacklogError extends Error {
  constructor(readonly pending: number) {
    super(`replay writes are backed up (${pending} envelopes waiting)`);
  }
}

export interface ReplayWriterOptions {
  db: StoreDb;
  sqlite: Database;
  now: () => number;
  retentionMs?: number;
  maxSegmentsPerReplay?: number;
  maxBytesPerReplay?: number;
  maxPending?: number;
}

export interface ReplayStats {
  segments: number;
  dropped: number;
  links: number;
}

interface ExistingReplay {
  project_id: number;
  segments: number;
  bytes: number;
  urls: string;
  trace_ids: string;
}

export function createReplayWriter({
  db,
  sqlite,
  now,
  retentionMs = REPLAY_RETENTION_MS,
  maxSegmentsPerReplay = REPLAY_LIMITS.segmentsPerReplay,
  maxBytesPerReplay = REPLAY_LIMITS.replayCompressedBytes,
  maxPending = DEFAULT_MAX_PENDING,
}: ReplayWriterOptions) {
  const link = sqlite.prepare(
    `insert into replay_errors (replay_id, project_id, event_id, linked_at) values (?, ?, ?, ?)
     on conflict do nothing`,
  );
  const existingOf = sqlite.prepare(
    'select project_id, segments, bytes, urls, trace_ids from replays where id = ?',
  );
  const insertSegment = sqlite.prepare(
    `insert into replay_segments (replay_id, segment_id, project_id, data, size, received_at)
     values (?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const insertReplay = sqlite.prepare(
    `insert into replays (id, project_id, started_at, finished_at, segments, bytes, replay_type, environment,
       release, dist, platform, urls, trace_ids, user, sdk, contexts, tags, count_clicks, received_at)
     values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Segment 0 carries the replay's context; later segments fill only what is still missing.
  const updateReplay = sqlite.prepare(
    `update replays set started_at = min(started_at, ?), finished_at = max(finished_at, ?),
       segments = segments + 1, bytes = bytes + ?, urls = ?, trace_ids = ?, count_clicks = count_clicks + ?,
       replay_type = coalesce(replay_type, ?), environment = coalesce(environment, ?),
       release = coalesce(release, ?), dist = coalesce(dist, ?), platform = coalesce(platform, ?),
       user = coalesce(user, ?), sdk = coalesce(sdk, ?), contexts = coalesce(contexts, ?), tags = coalesce(tags, ?)
     where id = ?`,
  );
  const expired = sqlite.prepare('select id from replays where finished_at < ? limit ?').pluck();
  const deleteSegments = sqlite.prepare('delete from replay_segments where replay_id = ?');
  const deleteLinks = sqlite.prepare('delete from replay_errors where replay_id = ?');
  const deleteReplay = sqlite.prepare('delete from replays where id = ?');
  const begin = sqlite.prepare('begin immediate');
  const commit = sqlite.prepare('commit');
  const rollback = sqlite.prepare('rollback');
  const stats: ReplayStats = { segments: 0, dropped: 0, links: 0 };
  let commits = 0;
  let pending = 0;

  function writeSegment(projectId: number, s: ReplaySegment, receivedAt: number): void {
    const existing = existingOf.get(s.replayId) as ExistingReplay | undefined;
    if (existing && existing.project_id !== projectId) {
      stats.dropped += 1;
      return;
    }
    const size = s.recording.byteLength;
    if (
      existing &&
      (existing.segments >= maxSegmentsPerReplay || existing.bytes + size > maxBytesPerReplay)
    ) {
      stats.dropped += 1;
      return;
    }
    const inserted = insertSegment.run(s.replayId, s.segmentId, projectId, s.recording, size, receivedAt);
    if (inserted.changes === 0) return;
    stats.segments += 1;
    const context = [
      s.replayType,
      s.environment,
      s.release,
      s.dist,
      s.platform,
      s.user,
      s.sdk,
      s.contexts,
      s.tags,
    ];
    if (!existing) {
      insertReplay.run(
        s.replayId,
        projectId,
        s.startedAt,
        s.finishedAt,
        size,
        ...context.slice(0, 5),
        JSON.stringify(s.urls),
        JSON.stringify(s.traceIds),
        ...context.slice(5),
        s.clicks,
        receivedAt,
      );
      return;
    }
    const urls = merged(existing.urls, s.urls, REPLAY_LIMITS.urlsPerReplay);
    const traceIds = merged(existing.trace_ids, s.traceIds, REPLAY_LIMITS.traceIdsPerReplay);
    updateReplay.run(s.startedAt, s.finishedAt, size, urls, traceIds, s.clicks, ...context, s.replayId);
  }

  function linkAll(projectId: number, replayId: string, eventIds: readonly string[], at: number): void {
    for (const eventId of eventIds) stats.links += link.run(replayId, projectId, eventId, at).changes;
  }

  function prune(): void {
    for (const id of expired.all(now() - retentionMs, REPLAY_PRUNE_BATCH) as string[]) {
      deleteSegments.run(id);
      deleteLinks.run(id);
      deleteReplay.run(id);
    }
  }

  const inTransaction = (work: () => void) =>
    db.connection().execute(async () => {
      begin.run();
      try {
        work();
        commit.run();
      } catch (error) {
        if (sqlite.inTransaction) rollback.run();
        throw error;
      }
    });

  return {
    /** Resolves once the segment and links are committed; rejects (nothing written) otherwise. */
    write(
      projectId: number,
      segment: ReplaySegment | null,
      links: readonly ErrorReplayLink[],
      receivedAt: number,
    ): Promise<void> {
      if (segment === null && links.length === 0) return Promise.resolve();
      if (pending >= maxPending) return Promise.reject(new ReplayBacklogError(pending));
      pending += 1;
      return inTransaction(() => {
        for (const l of links) linkAll(projectId, l.replayId, [l.eventId], receivedAt);
        if (segment !== null) {
          linkAll(projectId, segment.replayId, segment.errorIds, receivedAt);
          writeSegment(projectId, segment, receivedAt);
          if (++commits % PRUNE_EVERY === 0) prune();
        }
      }).finally(() => {
        pending -= 1;
      });
    },
    /** Deletes replays past the retention now (tests, and stores that ingest little). */
    prune: () => inTransaction(prune),
    stats: (): ReplayStats => ({ ...stats }),
  };
}

export type ReplayWriter = ReturnType<typeof createReplayWriter>;

function merged(existingJson: string, added: readonly string[], max: number): string {
  const all = new Set<string>(JSON.parse(existingJson) as string[]);
  for (const value of added) {
    if (all.size >= max) break;
    all.add(value);
  }
  return JSON.stringify([...all]);
}
