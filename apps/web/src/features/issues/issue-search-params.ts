/**
 * The issue stream's filters live in the URL so a reload or a shared link shows the same stream.
 * This module is the only translation between three forms, all pure:
 *   URL search params  <->  IssueStreamFilters (normalized: also the query-key part)  ->  IssueListQuery
 * Defaults are left out of the URL; unknown or malformed values fall back to defaults instead of
 * failing, because URLs are hand-edited.
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

export interface IssueStreamFilters {
  status: StatusFilter;
  level: IssueLevel | null;
  /** Project ids, sorted and unique so equal filters make equal query keys. */
  projects: string[];
  /** Free text in Sentry's search syntax, trimmed. */
  text: string;
  sort: IssueSort;
}

export const DEFAULT_FILTERS: IssueStreamFilters = {
  status: 'unresolved',
  level: null,
  projects: [],
  text: '',
  sort: 'date',
};

const MAX_TEXT_LENGTH = 1000;
const MAX_PROJECTS = 100;

export function parseIssueSearchParams(params: URLSearchParams): IssueStreamFilters {
  const status = params.get('status');
  return {
    status: STATUS_FILTERS.find((s) => s === status) ?? DEFAULT_FILTERS.status,
    level: IssueLevelSchema.safeParse(params.get('level')).data ?? null,
    projects: normalizeProjects(params.getAll('project')),
    text: (params.get('query') ?? '').trim().slice(0, MAX_TEXT_LENGTH),
    sort: IssueSortSchema.safeParse(params.get('sort')).data ?? DEFAULT_FILTERS.sort,
  };
}

export function toIssueSearchParams(filters: IssueStreamFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== DEFAULT_FILTERS.status) params.set('status', filters.status);
  if (filters.level) params.set('level', filters.level);
  for (const project of normalizeProjects(filters.projects)) params.append('project', project);
  const text = filters.text.trim();
  if (text) params.set('query', text);
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
  return params;
}

/** `is:unresolved level:error free text`; empty for "all" with no other filter. */
export function composeSentryQuery(filters: IssueStreamFilters): string {
  const terms: string[] = [];
  if (filters.status !== 'all') terms.push(`is:${filters.status}`);
  if (filters.level) terms.push(`level:${filters.level}`);
  const text = filters.text.trim();
  // `a OR b` after the filters would read `(is:unresolved a) OR b`: AND binds tighter.
  if (text) terms.push(terms.length > 0 && /(^|\s)OR(\s|$)/.test(text) ? `(${text})` : text);
  return terms.join(' ');
}

/**
 * The list endpoint's parameters. `query` is always present, even empty: Sentry reads a missing
 * `query` as `is:unresolved`, so "all statuses" has to be sent as `query=`.
 */
export function toIssueListQuery(filters: IssueStreamFilters): IssueListQuery & { query: string } {
  const query: IssueListQuery & { query: string } = {
    query: composeSentryQuery(filters),
    sort: filters.sort,
  };
  if (filters.projects.length > 0) query.project = filters.projects;
  return query;
}

/** True when anything narrows the stream beyond the default "unresolved" view. */
export function hasNarrowingFilters(filters: IssueStreamFilters): boolean {
  return filters.level !== null || filters.projects.length > 0 || filters.text.trim() !== '';
}

function normalizeProjects(projects: readonly string[]): string[] {
  const ids = projects.map((p) => p.trim()).filter((p) => p !== '' && p.length <= 64);
  return [...new Set(ids)].sort().slice(0, MAX_PROJECTS);
}
