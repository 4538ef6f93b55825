/**
 * Compact relative times for dense tables ("5m ago", "3d ago"). Pure: the current time is a
 * parameter, so tests and the `useNow` ticker decide what "now" is.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

const UNITS: ReadonlyArray<readonly [limit: number, size: number, suffix: string]> = [
  [HOUR, MINUTE, 'm'],
  [DAY, HOUR, 'h'],
  [MONTH, DAY, 'd'],
  [YEAR, MONTH, 'mo'],
  [Number.POSITIVE_INFINITY, YEAR, 'y'],
];

export const MISSING_TIME = '—';

/** `iso` relative to `now` (ms since epoch); `—` when missing or unparseable. */
export function formatRelativeTime(iso: string | null | undefined, now: number): string {
  const time = parseTime(iso);
  if (time === null) return MISSING_TIME;
  const delta = now - time;
  const distance = Math.abs(delta);
  if (distance < 45 * SECOND) return 'just now';
  for (const [limit, size, suffix] of UNITS) {
    if (distance < limit) {
      const amount = `${Math.max(1, Math.floor(distance / size))}${suffix}`;
      return delta >= 0 ? `${amount} ago` : `in ${amount}`;
    }
  }
  return MISSING_TIME;
}

/** The ISO form for `title` attributes and `<time dateTime>`; `undefined` when missing. */
export function toIsoTime(iso: string | null | undefined): string | undefined {
  const time = parseTime(iso);
  return time === null ? undefined : new Date(time).toISOString();
}

function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}
