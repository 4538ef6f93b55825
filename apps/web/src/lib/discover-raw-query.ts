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

/** A chart of a grouped query draws this many top groups (plus "Other") unless `topEvents` says. */
export const DEFAULT_TOP_EVENTS = 5;
/** What the chart's series picker offers; 0 draws one total series. */
export const TOP_EVENTS_CHOICES = [0, 3, 5, 10] as const;

/** The group-by of a query's fields: its columns when it has a function (else rows are events). */
export const groupByOfFields = (fields: readonly string[]) =>
  fields.some(isFunctionField) ? fields.filter((field) => !isFunctionField(field)) : [];

/** How many top groups a chart of the query draws: 0 when it has no group-by or asks for a total. */
export function topEventsOf(raw: string): number {
  const params = new URLSearchParams(raw.trim().replace(/^\?/, ''));
  if (groupByOfFields(params.getAll('field')).length === 0) return 0;
  const written = Number(params.get('topEvents') ?? DEFAULT_TOP_EVENTS);
  return Number.isInteger(written) && written >= 0 && written <= 10 ? written : DEFAULT_TOP_EVENTS;
}

/**
 * The `events-stats` parameters charting a raw query: its search, period, environment, one yAxis;
 * for a grouped query Sentry's top-events form too (`field` = the group-by and the yAxis,
 * `topEvents`, `orderby` = the query's sort when it names one of those, else the yAxis descending).
 */
export function seriesParamsOf(raw: string): URLSearchParams {
  const params = new URLSearchParams(raw.trim().replace(/^\?/, ''));
  const fields = params.getAll('field');
  const yAxis = yAxisOfFields(fields);
  const series = new URLSearchParams({ yAxis });
  for (const key of ['query', 'statsPeriod', 'start', 'end', 'environment', 'project']) {
    for (const value of params.getAll(key)) series.append(key, value);
  }
  const top = topEventsOf(raw);
  if (top > 0) {
    const groupBy = groupByOfFields(fields);
    for (const field of [...groupBy, yAxis]) series.append('field', field);
    series.set('topEvents', String(top));
    const sort = params.get('sort') ?? '';
    series.set('orderby', [...groupBy, yAxis].includes(sort.replace(/^-/, '')) ? sort : `-${yAxis}`);
  }
  return series;
}

type Point = [number, Array<{ count: number | null }>];
interface SeriesAnswer {
  data?: Point[];
  order?: number;
}

/** One line of a chart: its name (the group's values, or the yAxis) and its `[ms, value]` points. */
export interface ChartSeries {
  name: string;
  points: Array<[number, number]>;
}

const pointsOf = (data: Point[] | undefined): Array<[number, number]> =>
  (data ?? []).map(([at, [value]]) => [at * 1000, value?.count ?? 0]);

/**
 * The lines of an `events-stats` answer: one (`{data}`), or one per top group in Sentry's order
 * with `Other` last (`{"<group>": {data, order}, …, "Other": {…}}`). An empty group value reads
 * "(no value)", as events without the tag group under ''.
 */
export function chartSeriesOf(answer: Record<string, unknown> | undefined, yAxis: string): ChartSeries[] {
  if (!answer) return [];
  if (Array.isArray(answer.data)) return [{ name: yAxis, points: pointsOf(answer.data as Point[]) }];
  return Object.entries(answer as Record<string, SeriesAnswer>)
    .filter(([, value]) => value !== null && typeof value === 'object' && Array.isArray(value.data))
    .sort(([a, x], [b, y]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : (x.order ?? 0) - (y.order ?? 0)))
    .map(([name, value]) => ({ name: name === '' ? '(no value)' : name, points: pointsOf(value.data) }));
}
