/**
 * Between a saved view (a Sentry query string, a sort, project ids) and the stream's filters.
 * A view stores the composed query (`is:ignored level:error free text`); reading it back takes the
 * first `is:` and `level:` terms the filter controls understand and keeps the rest as free text,
 * so a view saved elsewhere with other terms still shows exactly its search.
 */
import { IssueLevelSchema, IssueSortSchema, type SavedView, type SavedViewInput } from '@dexter/contracts';
import {
  composeSentryQuery,
  DEFAULT_FILTERS,
  type IssueStreamFilters,
  STATUS_FILTERS,
  type StatusFilter,
} from '../issues/issue-search-params';

export function filtersFromView(view: Pick<SavedView, 'query' | 'sort' | 'projects'>): IssueStreamFilters {
  let status: StatusFilter = 'all';
  let level: IssueStreamFilters['level'] = null;
  const rest: string[] = [];
  for (const term of view.query.trim().split(/\s+/).filter(Boolean)) {
    const isStatus = STATUS_FILTERS.find((s) => s !== 'all' && term === `is:${s}`);
    const isLevel = term.startsWith('level:') ? IssueLevelSchema.safeParse(term.slice(6)).data : undefined;
    if (isStatus && status === 'all') status = isStatus;
    else if (isLevel && level === null) level = isLevel;
    else rest.push(term);
  }
  // Environment, release and range stay in the text: the view's query is read back exactly.
  return {
    ...DEFAULT_FILTERS,
    status,
    level,
    projects: [...view.projects].sort(),
    text: rest.join(' '),
    sort: IssueSortSchema.safeParse(view.sort).data ?? 'date',
  };
}

export function viewInputFromFilters(
  name: string,
  filters: IssueStreamFilters,
  shared: boolean,
): SavedViewInput {
  return { name, query: composeSentryQuery(filters), sort: filters.sort, projects: filters.projects, shared };
}
