/**
 * How much session replay the store keeps, with the reason beside each number (docs/replays.md
 * tells operators the same). A replay is a stream of segments of a few to a few hundred KiB each:
 * the bounds are per segment, per replay and in time, so no page left open for a day, no loop and
 * no attacker can grow the store without limit.
 */
export const REPLAY_LIMITS = {
  /**
   * Decompressed bytes of one recording segment. The JavaScript SDK flushes at most every 60 s
   * and caps its buffer at 20 MB of events (`REPLAY_MAX_EVENT_BUFFER_SIZE`); beyond this, the
   * segment is refused with a 413. It also bounds what a zlib bomb costs the ingest worker.
   */
  segmentDecompressedBytes: 20 * 1024 * 1024,
  /** Compressed bytes one replay keeps; later segments are counted as dropped, not stored. */
  replayCompressedBytes: 50 * 1024 * 1024,
  /** Segments one replay keeps (Sentry stops a replay after 60 minutes, about 720 segments). */
  segmentsPerReplay: 1000,
  /** URLs and trace ids kept per replay, and their lengths. */
  urlsPerReplay: 100,
  urlChars: 2000,
  traceIdsPerReplay: 100,
  /** Error ids a replay_event may link (its deprecated `error_ids`). */
  errorIdsPerSegment: 100,
  /** Short strings: environment, release, dist, platform, replay type. */
  name: 200,
} as const;

/** Replays whose last segment is older than this are deleted (Sentry keeps replays 90 days; spans here keep 30). */
export const REPLAY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Replays one pruning pass deletes at most, so pruning never stalls ingest for long. */
export const REPLAY_PRUNE_BATCH = 200;
