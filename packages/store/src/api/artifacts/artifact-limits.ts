/**
 * Limits of source map uploads, named so the chunk-upload answer, the checks and the docs agree.
 * sentry-cli reads the first four from `GET …/chunk-upload/` and stays inside them; anything
 * beyond is a client that did not ask, and is refused with a 400 that names the limit.
 */
const MiB = 1024 * 1024;

export const ARTIFACT_LIMITS = {
  /** Bytes of one chunk, uncompressed (Sentry: 8 MiB). A `file_gzip` part may not inflate past it. */
  chunkSize: 8 * MiB,
  /** Chunks in one POST (Sentry: 64). */
  chunksPerRequest: 64,
  /** Bytes of one chunk POST as sent (Sentry: 32 MiB). */
  maxRequestSize: 32 * MiB,
  /** Bytes of one assembled bundle zip: also the largest upload the CLI will attempt. */
  maxFileSize: 64 * MiB,
  /** Parallel chunk POSTs the CLI may run (a u8 for sentry-cli; the store shares two cores). */
  concurrency: 4,
  /** Files in one bundle. */
  maxBundleFiles: 10_000,
  /** One file of a bundle, inflated: large source maps run to tens of MiB, not hundreds. */
  maxInflatedFile: 64 * MiB,
  /** All files of a bundle, inflated: what a zip bomb could cost at most. */
  maxInflatedBundle: 128 * MiB,
  /** `manifest.json`, inflated. */
  maxManifest: 8 * MiB,
  /** Chunks named by one assemble (64 MiB / 8 MiB is 8; generous for smaller chunk sizes). */
  maxAssembleChunks: 1024,
  /** Unused chunks older than this are dropped whenever new ones arrive. */
  chunkTtlMs: 60 * 60 * 1000,
} as const;
