/**
 * The Discover query model: `GET /organizations/{org}/events/` and `events-stats/` parameters read
 * and checked once into a plain object the engines execute. Pure (no I/O): `now` is passed in.
 *
 * - `field` (≤ 20): columns and functions (`discover-fields.ts`). With any function the columns are
 *   the group-by; with none, every row is an event.
 * - `query`: the issue search grammar (`@dexter/search-syntax`, one parser), over event fields and
 *   tags; issue-only keys (`is:`, `assigned:`, `times_seen:`, …) are refused by name.
 * - `sort` / `orderby`: a selected field, `-` for descending, several allowed.
 * - `statsPeriod` (`<n>[smhdw]`) or `start`+`end` (ISO 8601), default 24h; `interval` for series.
 * - `project`, `environment`, `dataset` (`errors`, `discover` as its alias, `spans`,
 *   `transactions`), `per_page` (1–100), `cursor` (`0:<offset>:0`).
 */
import { ISSUE_ONLY_KEYS, lookupKey, parseSearch, type SearchNode } from '@dexter/search-syntax';
import { DiscoverQueryError } from './discover-errors';
import { type ColumnRef, type Dataset, type FieldRef, type FunctionRef, parseField } from './discover-fields';

export type RawParams = Record<string, string | string[] | undefined>;

export const MAX_FIELDS = 20;
export const MAX_PER_PAGE = 100;
export const MAX_POINTS = 10_000;
export const MAX_TOP_EVENTS = 10;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const UNIT_MS: Record<string, number> = { s: 1000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };

export interface TimeWindow {
  /** ms; `end` is exclusive. */
  start: number;
  end: number;
}

export interface Scope extends TimeWindow {
  dataset: Dataset;
  projects: string[];
  environments: string[];
  condition: SearchNode | null;
}

export interface SortKey {
  field: FieldRef;
  descending: boolean;
}

export interface TableQuery extends Scope {
  fields: FieldRef[];
  groupBy: ColumnRef[];
  aggregates: FunctionRef[];
  /** True when any field is a function: rows are groups, not events. */
  aggregated: boolean;
  sort: SortKey[];
  limit: number;
  offset: number;
  /**
   * Keyset position of an event list sorted by time alone (cursor `<timestamp ms>:<skip>:0`): the
   * page starts at that time, after `skip` rows of that exact time. Exports page through any
   * number of events this way without re-reading the pages before.
   */
  anchor: { timestamp: number; skip: number } | null;
}

export interface StatsQuery extends Scope {
  yAxis: FunctionRef[];
  /** ms. */
  interval: number;
  /** 0 without top events; then `groupBy` and `sort` pick the series. */
  topEvents: number;
  groupBy: ColumnRef[];
  sort: SortKey[];
}

const list = (params: RawParams, name: string): string[] => {
  const value = params[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const single = (params: RawParams, name: string): string | undefined => list(params, name)[0];
const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

export function datasetOf(params: RawParams): Dataset {
  const raw = single(params, 'dataset');
  if (raw === undefined || raw === '' || raw === 'errors' || raw === 'discover') return 'errors';
  if (raw === 'spans' || raw === 'transactions') return raw;
  throw new DiscoverQueryError(
    'dataset',
    'invalid-dataset',
    `${shown(raw)}; expected errors (or discover, its older name), spans or transactions`,
  );
}

export function parseTableQuery(params: RawParams, now: number): TableQuery {
  const scope = parseScope(params, now);
  const written = list(params, 'field');
  if (written.length === 0)
    throw new DiscoverQueryError('field', 'missing-parameter', 'at least one field is required');
  const unique = [...new Set(written)];
  if (unique.length > MAX_FIELDS) {
    throw new DiscoverQueryError(
      'field',
      'too-many-fields',
      `at most ${MAX_FIELDS} fields, got ${unique.length}`,
    );
  }
  const fields = unique.map((text) => parseField(text, scope.dataset));
  const aggregates = fields.filter((f): f is FunctionRef => f.kind === 'function');
  const groupBy = fields.filter((f): f is ColumnRef => f.kind === 'column');
  const sort = sortOf(params, fields, defaultSort(fields));
  const aggregated = aggregates.length > 0;
  const cursor = cursorOf(single(params, 'cursor'));
  if (cursor.value > 0 && (aggregated || !isTimeOrdered(sort))) {
    throw new DiscoverQueryError(
      'cursor',
      'invalid-value',
      'a cursor with a time is for event lists sorted by timestamp alone; use 0:<offset>:0',
    );
  }
  return {
    ...scope,
    fields,
    groupBy,
    aggregates,
    aggregated,
    sort,
    limit: perPageOf(params),
    offset: cursor.value > 0 ? 0 : cursor.offset,
    anchor: cursor.value > 0 ? { timestamp: cursor.value, skip: cursor.offset } : null,
  };
}

export function parseStatsQuery(params: RawParams, now: number): StatsQuery {
  const scope = parseScope(params, now);
  const yAxes = list(params, 'yAxis');
  const yAxis = (yAxes.length === 0 ? ['count()'] : [...new Set(yAxes)]).map((text) => {
    const field = parseField(text, scope.dataset, 'yAxis');
    if (field.kind !== 'function') {
      throw new DiscoverQueryError(
        'yAxis',
        'invalid-field',
        `${shown(text)} is a column; a yAxis is a function`,
      );
    }
    return field;
  });
  const interval = intervalOf(single(params, 'interval'), scope.end - scope.start);
  if ((scope.end - scope.start) / interval > MAX_POINTS) {
    throw new DiscoverQueryError(
      'interval',
      'invalid-interval',
      'your interval and date range would create too many results; use a larger interval or a smaller date range',
    );
  }
  const topEvents = topEventsOf(single(params, 'topEvents'));
  if (topEvents === 0) return { ...scope, yAxis, interval, topEvents, groupBy: [], sort: [] };
  const fields = list(params, 'field').map((text) => parseField(text, scope.dataset));
  const groupBy = fields.filter((f): f is ColumnRef => f.kind === 'column');
  if (groupBy.length === 0) {
    throw new DiscoverQueryError(
      'field',
      'missing-parameter',
      'topEvents needs at least one column field to group by',
    );
  }
  const selectable = [...fields, ...yAxis.filter((y) => !fields.some((f) => f.name === y.name))];
  const sort = sortOf(params, selectable, [{ field: yAxis[0]!, descending: true }]);
  return { ...scope, yAxis, interval, topEvents, groupBy, sort };
}

function parseScope(params: RawParams, now: number): Scope {
  const dataset = datasetOf(params);
  return {
    dataset,
    ...timeWindowOf(params, now),
    projects: list(params, 'project').filter((p) => p !== '-1' && p !== ''),
    environments: list(params, 'environment').filter((e) => e !== ''),
    condition: conditionOf(single(params, 'query') ?? ''),
  };
}

export function conditionOf(query: string): SearchNode | null {
  const parsed = parseSearch(query);
  if (!parsed.ok) {
    const where = parsed.error.field ? ` in ${parsed.error.field}` : '';
    throw new DiscoverQueryError('query', 'invalid-query', `${parsed.error.message}${where}`);
  }
  if (parsed.ast) checkEventKeys(parsed.ast);
  return parsed.ast;
}

function checkEventKeys(node: SearchNode): void {
  switch (node.type) {
    case 'and':
    case 'or':
      for (const child of node.children) checkEventKeys(child);
      return;
    case 'not':
      checkEventKeys(node.child);
      return;
    case 'text':
      return;
    case 'term': {
      if (node.explicitTag) return;
      const spec = lookupKey(node.key, false);
      if (spec && ISSUE_ONLY_KEYS.has(spec.name)) {
        throw new DiscoverQueryError(
          'query',
          'invalid-query',
          `${node.key}: filters issues, not events; Discover filters on event fields and tags`,
        );
      }
    }
  }
}

function defaultSort(fields: FieldRef[]): SortKey[] {
  const aggregate = fields.find((f) => f.kind === 'function');
  if (aggregate) return [{ field: aggregate, descending: true }];
  const timestamp = fields.find((f) => f.name === 'timestamp');
  return timestamp ? [{ field: timestamp, descending: true }] : [];
}

function sortOf(params: RawParams, fields: FieldRef[], fallback: SortKey[]): SortKey[] {
  const written = [...list(params, 'sort'), ...list(params, 'orderby')].filter((s) => s !== '');
  if (written.length === 0) return fallback;
  return written.map((text) => {
    const descending = text.startsWith('-');
    const name = descending ? text.slice(1) : text;
    const field = fields.find((f) => f.name === name);
    if (!field) {
      throw new DiscoverQueryError(
        'sort',
        'invalid-sort',
        `${shown(text)} is not a selected field; sort by one of the fields`,
      );
    }
    return { field, descending };
  });
}

function perPageOf(params: RawParams): number {
  const raw = single(params, 'per_page');
  if (raw === undefined || raw === '') return 50;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PER_PAGE) {
    throw new DiscoverQueryError(
      'per_page',
      'invalid-value',
      `expected an integer from 1 to ${MAX_PER_PAGE}`,
    );
  }
  return value;
}

export const isTimeOrdered = (sort: SortKey[]) => sort.length === 1 && sort[0]!.field.name === 'timestamp';

/** Sentry's cursor `<value>:<offset>:<is_prev>`: Discover pages by offset (value 0). */
function cursorOf(cursor: string | undefined): { value: number; offset: number } {
  if (cursor === undefined || cursor === '') return { value: 0, offset: 0 };
  const match = /^(\d{1,16}):(\d{1,9}):[01]$/.exec(cursor);
  if (!match)
    throw new DiscoverQueryError('cursor', 'invalid-value', `${shown(cursor)}; expected <n>:<offset>:<0|1>`);
  return { value: Number(match[1]), offset: Number(match[2]) };
}

function durationOf(text: string, name: string): number {
  const match = /^(\d{1,7})([smhdw])$/.exec(text);
  if (!match) {
    throw new DiscoverQueryError(
      name,
      'invalid-value',
      `${shown(text)}; expected a number followed by s, m, h, d or w`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

export function timeWindowOf(params: RawParams, now: number): TimeWindow {
  const period = single(params, 'statsPeriod');
  const startText = single(params, 'start');
  const endText = single(params, 'end');
  if (period !== undefined || (startText === undefined && endText === undefined)) {
    const span = durationOf(period ?? '24h', 'statsPeriod');
    if (span <= 0)
      throw new DiscoverQueryError(
        'statsPeriod',
        'invalid-time-range',
        'the period must be longer than zero',
      );
    return { start: now - span, end: now };
  }
  if (startText === undefined || endText === undefined) {
    throw new DiscoverQueryError(
      startText === undefined ? 'start' : 'end',
      'invalid-time-range',
      'start and end go together',
    );
  }
  const start = Date.parse(startText);
  const end = Date.parse(endText);
  if (!Number.isFinite(start))
    throw new DiscoverQueryError(
      'start',
      'invalid-time-range',
      `${shown(startText)} is not an ISO 8601 date`,
    );
  if (!Number.isFinite(end))
    throw new DiscoverQueryError('end', 'invalid-time-range', `${shown(endText)} is not an ISO 8601 date`);
  if (start >= end) throw new DiscoverQueryError('start', 'invalid-time-range', 'start must be before end');
  return { start, end };
}

/** Whole minutes at least; by default hourly up to 14 days, then 4-hourly and daily as Sentry. */
function intervalOf(text: string | undefined, span: number): number {
  if (text === undefined || text === '') {
    const days = span / DAY_MS;
    return days <= 14 ? HOUR_MS : days <= 30 ? 4 * HOUR_MS : DAY_MS;
  }
  const ms = /^\d{1,9}$/.test(text) ? Number(text) * 1000 : durationOf(text, 'interval');
  if (ms < MINUTE_MS || ms % MINUTE_MS !== 0) {
    throw new DiscoverQueryError(
      'interval',
      'invalid-interval',
      `${shown(text)}; the interval is whole minutes, at least 1m`,
    );
  }
  return ms;
}

function topEventsOf(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d{1,4}$/.test(text))
    throw new DiscoverQueryError('topEvents', 'invalid-value', 'topEvents must be an integer');
  const value = Number(text);
  if (value > MAX_TOP_EVENTS) {
    throw new DiscoverQueryError(
      'topEvents',
      'invalid-value',
      `can only get up to ${MAX_TOP_EVENTS} top events`,
    );
  }
  if (value <= 0)
    throw new DiscoverQueryError('topEvents', 'invalid-value', 'topEvents needs to be at least 1');
  return value;
}
