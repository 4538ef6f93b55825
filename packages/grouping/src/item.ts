// What the grouping engine compares: one issue or report, already normalized at the edge.

import type { Frame } from './frame';
import type { ItemId } from './ids';

export interface GroupingItem {
  readonly id: ItemId;
  /** Top of the stack first (see frame.ts). */
  readonly frames: readonly Frame[];
  /** Raw exception type, e.g. `java.io.IOException` or `TypeError`; null when unknown. */
  readonly exceptionType: string | null;
  /** Raw exception message; templated by the engine. */
  readonly message: string | null;
  /** Sentry project slug; kept for callers, not used for scoring (duplicates cross projects). */
  readonly project?: string | null;
}
