/**
 * The stream's date range in the forms people see: the picker's button label, and the native
 * `datetime-local` inputs' values (local time, minutes) to and from the URL's UTC instants.
 */
import type { IssueStreamFilters } from './issue-search-params';
import { formatInstant, PERIOD_LABELS } from './stream-description';

export type Range = Pick<IssueStreamFilters, 'period' | 'start' | 'end'>;

export function rangeLabel(range: Range): string {
  if (range.period) return `Last ${PERIOD_LABELS[range.period].replace(/^last /, '')}`;
  if (!range.start) return 'Any time';
  return `${formatInstant(range.start)} – ${range.end ? formatInstant(range.end) : 'now'}`;
}

/** ISO instant -> the `datetime-local` value of the same moment in local time. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) -> ISO instant; null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}
