/**
 * The issue stream's filters live in the URL so a reload or a shared link shows the same stream.
 * This module is the only translation between three forms, all pure:
 *   URL search params  <->  IssueStreamFilters (normalized: also the query-key part)  ->  IssueListQuery
 * Defaults are left out of the URL; unknown or malformed values fall back to defaults instead of
 * failing, because URLs are hand-edited.
 *
 * Environment, release and date range are also written into the composed query (`environment:`,
 * `release:`, `lastSeen:`/`firstSeen:`), so everything that takes the stream's query (bulk actions
 * on "all matching", saved views, exports) selects exactly the issues on screen. The range is
 * also sent as `statsPeriod` with `groupStatsPeriod=auto`, so each sparkline spans the range.
 */
import {
  type IssueLevel,
  IssueLevelSchema,
  type IssueListQuery,
  type IssueSort,
  IssueSortSchema,
} from '@dexter/contracts';

export const STATUS_FILTERS = ['unresolved', 'resolved', 'ignored', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const PERIOD_PRESETS = ['1h', '24h', '7d', '14d', '30d'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface IssueStreamFilters {
  status: StatusFilter;
  level: IssueLevel | null;
  /** Project ids, sorted and unique so equal filters make equal query keys. */
  projects: string[];
  /** Free text in Sentry's search syntax, trimmed. */
  text: string;
  sort: IssueSort;
  /** Issues seen in the last period; null: any time, or the custom range below. */
  period: PeriodPreset | null;
  /** A custom range (ISO instants, whole seconds); only when `period` is null. `end` null: until now. */
  start: string | null;
  end: string | null;
  /** Environment names, sorted and unique. */
  environments: string[];
  release: string | null;
}

export const DEFAULT_FILTERS: IssueStreamFilters = {
  status: 'unresolved',
  level: null,
  projects: [],
  text: '',
  sort: 'date',
  period: null,
  start: null,
  end: null,
  environments: [],
  release: null,
};

const MAX_TEXT_LENGTH = 1000;
const MAX_PROJECTS = 100;
const MAX_ENVIRONMENTS = 20;
const MAX_VALUE_LENGTH = 200;
const HOUR = 3_600_000;
/** `statsPeriod` allows four digits of hours. */
const MAX_PERIOD_HOURS = 9_999;

export function parseIssueSearchParams(params: URLSearchParams): IssueStreamFilters {
  const status = params.get('status');
  return {
    status: STATUS_FILTERS.find((s) => s === status) ?? DEFAULT_FILTERS.status,
    level: IssueLevelSchema.safeParse(params.get('level')).data ?? null,
    projects: normalizeProjects(params.getAll('project')),
    text: (params.get('query') ?? '').trim().slice(0, MAX_TEXT_LENGTH),
    sort: IssueSortSchema.safeParse(params.get('sort')).data ?? DEFAULT_FILTERS.sort,
    ...parseRange(params),
    environments: normalizeValues(params.getAll('environment'), MAX_ENVIRONMENTS),
    release: normalizeValues(params.getAll('release'), 1)[0] ?? null,
  };
}

function parseRange(params: URLSearchParams): Pick<IssueStreamFilters, 'period' | 'start' | 'end'> {
  const period = PERIOD_PRESETS.find((p) => p === params.get('statsPeriod')) ?? null;
  if (period) return { period, start: null, end: null };
  const start = normalizeInstant(params.get('start'));
  const end = normalizeInstant(params.get('end'));
  if (!start || (end && end < start)) return { period: null, start: null, end: null };
  return { period: null, start, end };
}

export function toIssueSearchParams(filters: IssueStreamFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== DEFAULT_FILTERS.status) params.set('status', filters.status);
  if (filters.level) params.set('level', filters.level);
  for (const project of normalizeProjects(filters.projects)) params.append('project', project);
  const text = filters.text.trim();
  if (text) params.set('query', text);
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
  if (filters.period) params.set('statsPeriod', filters.period);
  else if (filters.start) {
    params.set('start', filters.start);
    if (filters.end) params.set('end', filters.end);
  }
  for (const environment of normalizeValues(filters.environments, MAX_ENVIRONMENTS))
    params.append('environment', environment);
  if (filters.release) params.set('release', filters.release);
  return params;
}

/** A search value as the syntax wants it: bare when it can be, else quoted with `\"` escaped. */
export const searchValue = (value: string): string =>
  /^[^\s"(),[\]]+$/.test(value) ? value : `"${value.replace(/"/g, '\\"')}"`;

/** `is:unresolved level:error free text`; empty for "all" with no other filter. */
export function composeSentryQuery(filters: IssueStreamFilters): string {
  const terms: string[] = [];
  if (filters.status !== 'all') terms.push(`is:${filters.status}`);
  if (filters.level) terms.push(`level:${filters.level}`);
  terms.push(...scopeTerms(filters));
  const text = filters.text.trim();
  // `a OR b` after the filters would read `(is:unresolved a) OR b`: AND binds tighter.
  if (text) terms.push(terms.length > 0 && /(^|\s)OR(\s|$)/.test(text) ? `(${text})` : text);
  return terms.join(' ');
}

/** The environment, release and date range as search terms. */
function scopeTerms(filters: IssueStreamFilters): string[] {
  const terms: string[] = [];
  const environments = filters.environments.map(searchValue);
  if (environments.length === 1) terms.push(`environment:${environments[0]}`);
  if (environments.length > 1) terms.push(`environment:[${environments.join(', ')}]`);
  if (filters.release) terms.push(`release:${searchValue(filters.release)}`);
  if (filters.period) terms.push(`lastSeen:-${filters.period}`);
  else if (filters.start) {
    terms.push(`lastSeen:>=${filters.start}`);
    if (filters.end) terms.push(`firstSeen:<=${filters.end}`);
  }
  return terms;
}

/**
 * The list endpoint's parameters. `query` is always present, even empty: Sentry reads a missing
 * `query` as `is:unresolved`, so "all statuses" has to be sent as `query=`.
 */
export function toIssueListQuery(
  filters: IssueStreamFilters,
  now: number = Date.now(),
): IssueListQuery & { query: string } {
  const query: IssueListQuery & { query: string } = {
    query: composeSentryQuery(filters),
    sort: filters.sort,
  };
  if (filters.projects.length > 0) query.project = filters.projects;
  if (filters.environments.length > 0) query.environment = filters.environments;
  const statsPeriod = statsPeriodOf(filters, now);
  if (statsPeriod) {
    query.statsPeriod = statsPeriod;
    query.groupStatsPeriod = 'auto';
  }
  return query;
}

/**
 * The range as a `statsPeriod` ending now: a preset as it is, a custom range from its start (whole
 * hours, rounded up). The bounds themselves are in the query; this sizes the sparklines.
 */
function statsPeriodOf(filters: IssueStreamFilters, now: number): string | null {
  if (filters.period) return filters.period;
  if (!filters.start) return null;
  const hours = Math.ceil((now - Date.parse(filters.start)) / HOUR);
  return `${Math.min(Math.max(hours, 1), MAX_PERIOD_HOURS)}h`;
}

/** True when anything narrows the stream beyond the default "unresolved" view. */
export function hasNarrowingFilters(filters: IssueStreamFilters): boolean {
  return (
    filters.level !== null ||
    filters.projects.length > 0 ||
    filters.text.trim() !== '' ||
    filters.period !== null ||
    filters.start !== null ||
    filters.environments.length > 0 ||
    filters.release !== null
  );
}

function normalizeValues(values: readonly string[], max: number): string[] {
  const kept = values.map((v) => v.trim()).filter((v) => v !== '' && v.length <= MAX_VALUE_LENGTH);
  return [...new Set(kept)].sort().slice(0, max);
}

/** An ISO instant in whole seconds (`2026-12-01T10:00:00Z`), or null for anything unreadable. */
export function normalizeInstant(raw: string | null): string | null {
  if (!raw) return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function normalizeProjects(projects: readonly string[]): string[] {
  const ids = projects.map((p) => p.trim()).filter((p) => p !== '' && p.length <= 64);
  return [...new Set(ids)].sort().slice(0, MAX_PROJECTS);
}
