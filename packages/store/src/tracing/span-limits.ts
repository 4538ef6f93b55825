/**
 * How much tracing data the store keeps, with the reason beside each number (docs/tracing.md
 * tells operators the same). Spans are many and small: the bounds are per field, per item, per
 * trace and in time, so no SDK, loop or attacker can grow the store without limit.
 */
export const SPAN_FIELD_LIMITS = {
  /** Transaction, environment, release and SDK names, as the error events' short strings. */
  name: 200,
  op: 200,
  status: 64,
  /** SQL statements and URLs are the long descriptions; the waterfall shows one line of them. */
  description: 2000,
  /** Attributes kept of one v2 span. */
  attributes: 100,
  /** JSON bytes of one span's tags, data and measurements; beyond, only `{"truncated":true}`. */
  dataBytes: 8 * 1024,
  /** The JavaScript SDK sends at most 1000 children per transaction (`maxSpans`). */
  spansPerTransaction: 1000,
} as const;

/**
 * Spans kept per trace: a long-running or looping trace stops growing here (its later spans are
 * counted as dropped). 25,000 leaves room for the 10,000-span traces the waterfall is built for.
 */
export const MAX_SPANS_PER_TRACE = 25_000;

/** Spans older than this are deleted (Sentry keeps 30 days of spans on its default plans). */
export const SPAN_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Rows one pruning pass deletes at most, so pruning never stalls ingest for long. */
export const PRUNE_BATCH = 5_000;
