/**
 * The Discover page's query, in the two forms the page shows and keeps in sync: the builder's
 * parts (fields one per line, a search, a period, a sort) and the raw query, which is exactly the
 * query string Sentry's `events/` takes (`field=…&query=…&statsPeriod=14d&sort=-count()`). The raw
 * form is also the page URL's search, so a link reproduces the query. `topEvents` (how many top
 * groups the chart draws) is written only when it is not the default, as Sentry's Discover does.
 */
import {
  DEFAULT_TOP_EVENTS,
  isFunctionField,
  readableQueryString,
  yAxisOfFields,
} from '../../lib/discover-raw-query';

export interface DiscoverForm {
  fields: string[];
  query: string;
  period: string;
  sort: string;
  topEvents: number;
  /** One environment, or null for all. */
  environment: string | null;
}

export const DEFAULT_FORM: DiscoverForm = {
  fields: ['title', 'count()', 'count_unique(user)'],
  query: '',
  period: '14d',
  sort: '-count()',
  topEvents: DEFAULT_TOP_EVENTS,
  environment: null,
};

export const PERIODS = ['1h', '24h', '7d', '14d', '30d'] as const;

export function toRaw(form: DiscoverForm): string {
  const params = new URLSearchParams();
  for (const field of form.fields) if (field.trim() !== '') params.append('field', field.trim());
  if (form.query.trim() !== '') params.set('query', form.query.trim());
  params.set('statsPeriod', form.period);
  if (form.environment) params.set('environment', form.environment);
  if (form.sort !== '') params.set('sort', form.sort);
  if (form.topEvents !== DEFAULT_TOP_EVENTS) params.set('topEvents', String(form.topEvents));
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
    topEvents: topEventsParam(params.get('topEvents')),
    environment: params.get('environment') || null,
  };
}

function topEventsParam(text: string | null): number {
  const value = Number(text ?? DEFAULT_TOP_EVENTS);
  return Number.isInteger(value) && value >= 0 && value <= 10 ? value : DEFAULT_TOP_EVENTS;
}

/**
 * The query with one more condition, from a clicked cell: `key:value` (quoted when it holds
 * spaces, quotes or parentheses), `!has:key` for an empty cell. Conditions are ANDed by juxtaposition.
 */
export function withCondition(query: string, key: string, value: string | number | null): string {
  const text = value === null || value === '' ? `!has:${key}` : `${key}:${quoted(String(value))}`;
  if (query.trim() === '') return text;
  // A drill-down from a row the search already narrowed to does not repeat the condition.
  return query.trim().split(/\s+/).includes(text) ? query.trim() : `${query.trim()} ${text}`;
}

const quoted = (value: string) =>
  /[\s"()]/.test(value) || value === '' ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : value;

/** Whether a column's value can be a condition (times and numeric tags compare, not match). */
export const isConditionColumn = (field: string) =>
  !isFunctionField(field) && field !== 'timestamp' && !/,\s*number\]$/.test(field);

/**
 * The events behind one row of an aggregate: the query narrowed to the row's group (a condition
 * per group-by column), listed event by event, newest first.
 */
export function eventsOfRow(form: DiscoverForm, row: Record<string, string | number | null>): DiscoverForm {
  const groupBy = form.fields.filter(isConditionColumn);
  // The environment picker already says what an `environment` column would.
  const conditions = groupBy.filter((field) => !(field === 'environment' && form.environment !== null));
  const query = conditions.reduce(
    (text, field) => withCondition(text, field, row[field] ?? null),
    form.query,
  );
  const fields = [...new Set(['id', 'timestamp', 'title', 'issue.id', ...groupBy])];
  return { ...form, fields, query, sort: '-timestamp' };
}

/** The sort after clicking a column's header: descending first, then ascending. */
export function nextSort(current: string, field: string): string {
  return current === `-${field}` ? field : `-${field}`;
}

export const yAxisOf = yAxisOfFields;
