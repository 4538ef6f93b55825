/**
 * A raw Discover query (Sentry's `events/` query string: `field=…&query=…&statsPeriod=…`) as
 * Discover and dashboards both read it: its fields, what a chart of it plots, and the same query
 * under a dashboard's period and environment. Parentheses and commas stay readable in links.
 */
export const isFunctionField = (field: string) => /\(.*\)$/.test(field);

/** What a chart plots: the first function of the fields, or `count()`. */
export const yAxisOfFields = (fields: readonly string[]) => fields.find(isFunctionField) ?? 'count()';

export const readableQueryString = (params: URLSearchParams) =>
  params.toString().replace(/%28/g, '(').replace(/%29/g, ')').replace(/%2C/g, ',');

export const fieldsOfRaw = (raw: string) =>
  new URLSearchParams(raw.trim().replace(/^\?/, '')).getAll('field');

export interface QueryFilters {
  period: string;
  environment: string | null;
}

/** The query under a dashboard's filters: its period replaced, its environment set (or left out). */
export function withFilters(raw: string, { period, environment }: QueryFilters): string {
  const params = new URLSearchParams(raw.trim().replace(/^\?/, ''));
  params.delete('start');
  params.delete('end');
  params.set('statsPeriod', period);
  params.delete('environment');
  if (environment) params.set('environment', environment);
  return readableQueryString(params);
}

/** The `events-stats` parameters charting a raw query: its search, period, environment, one yAxis. */
export function seriesParamsOf(raw: string): URLSearchParams {
  const params = new URLSearchParams(raw.trim().replace(/^\?/, ''));
  const series = new URLSearchParams({ yAxis: yAxisOfFields(params.getAll('field')) });
  for (const key of ['query', 'statsPeriod', 'start', 'end', 'environment', 'project']) {
    for (const value of params.getAll(key)) series.append(key, value);
  }
  return series;
}
