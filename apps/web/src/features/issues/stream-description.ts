/**
 * Words for what the stream shows, from its filters: the count line ("1,234 unresolved issues in
 * production matching “timeout”, seen in the last 24 hours") and the tab title. A count must
 * never be a bare number: it says what it counts, and when only a lower bound is known (searches
 * Dexter evaluates itself have no total) it says "at least".
 */
import type { Project } from '@dexter/contracts';
import { formatExactCount } from './issue-display';
import type { IssueStreamFilters, PeriodPreset } from './issue-search-params';

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  '1h': 'last hour',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '14d': 'last 14 days',
  '30d': 'last 30 days',
};

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A custom range's instant as people read it (local time, minutes). */
export const formatInstant = (iso: string): string => dateTime.format(new Date(iso));

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** "seen in the last 24 hours" / "seen between … and …" / "seen since …"; null for any time. */
export function describeRange(filters: Pick<IssueStreamFilters, 'period' | 'start' | 'end'>): string | null {
  if (filters.period) return `seen in the ${PERIOD_LABELS[filters.period]}`;
  if (!filters.start) return null;
  if (!filters.end) return `seen since ${formatInstant(filters.start)}`;
  return `seen between ${formatInstant(filters.start)} and ${formatInstant(filters.end)}`;
}

/** Everything after the count: "unresolved issues in production matching “x”, seen in …". */
export function describeStream(
  filters: IssueStreamFilters,
  count: number,
  projects: readonly Pick<Project, 'id' | 'slug'>[] = [],
): string {
  const parts: string[] = [filters.status === 'all' ? '' : filters.status, count === 1 ? 'issue' : 'issues'];
  if (filters.level) parts.push(`of level ${filters.level}`);
  if (filters.projects.length > 0) {
    const slugs = filters.projects.map((id) => projects.find((p) => p.id === id)?.slug ?? `project ${id}`);
    parts.push(`in ${list(slugs)}`);
  }
  if (filters.environments.length > 0) parts.push(`in ${list(filters.environments)}`);
  if (filters.release) parts.push(`of release ${filters.release}`);
  if (filters.text) parts.push(`matching “${filters.text}”`);
  const range = describeRange(filters);
  return parts.filter(Boolean).join(' ') + (range ? `, ${range}` : '');
}

export interface StreamCountInput {
  /** Total matches when the server counts them. */
  hits: number | null;
  /** Rows loaded so far, and whether more pages follow (the bound when there is no total). */
  loaded: number;
  more: boolean;
}

export function describeCount(
  filters: IssueStreamFilters,
  { hits, loaded, more }: StreamCountInput,
  projects: readonly Pick<Project, 'id' | 'slug'>[] = [],
): string {
  if (hits !== null) return `${formatExactCount(hits)} ${describeStream(filters, hits, projects)}`;
  const prefix = more ? 'At least ' : '';
  return `${prefix}${formatExactCount(loaded)} ${describeStream(filters, more ? 2 : loaded, projects)}`;
}

/** The tab title: a saved view's name when the stream is one, else what it shows. */
export function streamTitle(filters: IssueStreamFilters, org: string, viewName: string | null): string {
  const what = viewName ?? capitalize(describeStream(filters, 2).replace(/, seen in the /, ', '));
  return `${what} · ${org} · Dexter`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
