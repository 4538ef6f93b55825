/**
 * How issue fields look: colours for levels and statuses, compact counts. Issue `level` and `status`
 * are plain strings in the contract (Sentry adds values over time), so unknown ones get a neutral colour.
 */

const LEVEL_COLORS: Record<string, string> = {
  fatal: 'grape',
  error: 'red',
  warning: 'yellow',
  info: 'blue',
  debug: 'gray',
  sample: 'gray',
};

const STATUS_COLORS: Record<string, string> = {
  unresolved: 'orange',
  resolved: 'green',
  ignored: 'gray',
};

export const levelColor = (level: string): string => LEVEL_COLORS[level] ?? 'gray';
export const statusColor = (status: string): string => STATUS_COLORS[status] ?? 'gray';

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const full = new Intl.NumberFormat('en');

/** 950 -> "950", 12_345 -> "12.3K"; the exact figure belongs in a `title`. */
export const formatCount = (count: number): string => compact.format(count);
export const formatExactCount = (count: number): string => full.format(count);
