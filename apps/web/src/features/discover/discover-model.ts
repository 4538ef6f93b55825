/**
 * The Discover page's query, in the two forms the page shows and keeps in sync: the builder's
 * parts (fields one per line, a search, a period, a sort) and the raw query, which is exactly the
 * query string Sentry's `events/` takes (`field=…&query=…&statsPeriod=14d&sort=-count()`). The raw
 * form is also the page URL's search, so a link reproduces the query.
 */
import { readableQueryString, yAxisOfFields } from '../../lib/discover-raw-query';

export interface DiscoverForm {
  fields: string[];
  query: string;
  period: string;
  sort: string;
}

export const DEFAULT_FORM: DiscoverForm = {
  fields: ['title', 'count()', 'count_unique(user)'],
  query: '',
  period: '14d',
  sort: '-count()',
};

export const PERIODS = ['1h', '24h', '7d', '14d', '30d'] as const;

export function toRaw(form: DiscoverForm): string {
  const params = new URLSearchParams();
  for (const field of form.fields) if (field.trim() !== '') params.append('field', field.trim());
  if (form.query.trim() !== '') params.set('query', form.query.trim());
  params.set('statsPeriod', form.period);
  if (form.sort !== '') params.set('sort', form.sort);
  return readableQueryString(params);
}

/** The builder's parts of a raw query; unknown parameters are left out. */
export function fromRaw(raw: string): DiscoverForm {
  const params = new URLSearchParams(raw.trim().replace(/^\?/, ''));
  return {
    fields: params.getAll('field'),
    query: params.get('query') ?? '',
    period: params.get('statsPeriod') ?? DEFAULT_FORM.period,
    sort: params.get('sort') ?? '',
  };
}

/** The sort after clicking a column's header: descending first, then ascending. */
export function nextSort(current: string, field: string): string {
  return current === `-${field}` ? field : `-${field}`;
}

export const yAxisOf = yAxisOfFields;
