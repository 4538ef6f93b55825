/**
 * "Open in Discover" from the issue stream and the issue detail: the events behind what is on
 * screen, as a Discover query. The stream's search keeps its event conditions (level, release,
 * environment, tags, free text) and drops the ones about issues (`is:`, `assigned:`, `lastSeen:`,
 * …), which Discover refuses; its projects become `project:` conditions, so they stay visible.
 */
import { eventSearchOf, parseSearch, printSearch } from '@dexter/search-syntax';
import { readableQueryString } from './discover-raw-query';

const DISCOVER_PERIODS = new Set(['1h', '24h', '7d', '14d', '30d']);

const link = (org: string, params: URLSearchParams) =>
  `/${encodeURIComponent(org)}/discover?${readableQueryString(params)}`;

export function discoverLinkOfSearch(
  org: string,
  {
    search,
    period,
    projectSlugs,
  }: { search: string; period: string | null; projectSlugs: readonly string[] },
): string {
  const parsed = parseSearch(search);
  const terms = parsed.ok ? [printSearch(eventSearchOf(parsed.ast))] : [];
  if (projectSlugs.length === 1) terms.push(`project:${projectSlugs[0]}`);
  if (projectSlugs.length > 1) terms.push(`project:[${projectSlugs.join(', ')}]`);
  const params = new URLSearchParams();
  for (const field of ['title', 'issue.id', 'count()', 'count_unique(user)', 'last_seen()']) {
    params.append('field', field);
  }
  const query = terms.filter((term) => term !== '').join(' ');
  if (query !== '') params.set('query', query);
  params.set('statsPeriod', period && DISCOVER_PERIODS.has(period) ? period : '14d');
  params.set('sort', '-count()');
  return link(org, params);
}

/** An issue's events by release (`issue:<short id>`, as Sentry's Discover and the store read it). */
export function discoverLinkOfIssue(org: string, shortId: string): string {
  const params = new URLSearchParams();
  for (const field of ['release', 'count()', 'count_unique(user)', 'last_seen()'])
    params.append('field', field);
  params.set('query', `issue:${shortId}`);
  params.set('statsPeriod', '14d');
  params.set('sort', '-count()');
  return link(org, params);
}
