/**
 * When a failed delivery is tried again: exponential backoff from `baseMs` (base, 2x, 4x, …),
 * capped at an hour, with "equal jitter" (half fixed, half random) so receivers that failed
 * together are not hit again together. Pure: the caller passes the randomness.
 */
const MAX_DELAY_MS = 3_600_000;

export function retryDelay(attempt: number, baseMs: number, random: number): number {
  const full = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (full / 2) * random);
}
