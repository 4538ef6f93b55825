// What the grouping engine compares: one issue or report, already normalized at the edge.

import type { Frame } from './frame';
import type { ItemId } from './ids';

/** One exception of a chain: its type, message and stack (top of the stack first, see frame.ts). */
export interface ExceptionPart {
  /** Raw exception type, e.g. `java.io.IOException` or `TypeError`; null when unknown. */
  readonly exceptionType: string | null;
  /** Raw exception message; the engine templates it. */
  readonly message: string | null;
  readonly frames: readonly Frame[];
}

export interface GroupingItem extends ExceptionPart {
  readonly id: ItemId;
  /**
   * The innermost cause of the exception chain, when there is one: Java's last `Caused by:`, Python's
   * root `__cause__`, the first entry of Sentry's `exception.values`. Wrappers such as "Hive Runtime
   * Error while processing row" share their outer stack across unrelated bugs; the cause tells them apart.
   */
  readonly cause?: ExceptionPart | null;
  /**
   * When the item was last seen, in milliseconds since the epoch (an issue's `lastSeen`, a report's
   * creation time). Duplicates arrive close together in time; unknown is treated as neutral.
   */
  readonly seenAt?: number | null;
  /** Sentry project slug; kept for callers, not used for scoring (duplicates cross projects). */
  readonly project?: string | null;
}
