/**
 * Builds the answer of `GET /organizations/{org}/trace/{trace_id}/` (spec "Retrieve a Trace") from
 * a trace's stored spans and errors: a JSON array of root items, each span with its `children`
 * (ordered by start) and the `errors` that happened in it. Sentry's shapes: spans are
 * `event_type:"span"` with `event_id` = span id and `transaction_id` = the transaction's event id;
 * errors are `event_type:"error"`. A span whose parent is not in the trace (another service did
 * not send it, or it was sampled out) is a root, as are errors whose span is unknown.
 *
 * Pure and O(n log n): a 10,000-span trace is one pass to index and one sort per parent.
 */
export interface StoredSpan {
  project_id: number;
  project_slug: string;
  span_id: string;
  parent_span_id: string | null;
  segment_id: string | null;
  event_id: string | null;
  is_segment: number;
  op: string | null;
  description: string | null;
  transaction: string | null;
  status: string;
  start_ms: number;
  end_ms: number;
  sdk_name: string | null;
  data: string | null;
}

export interface StoredTraceError {
  event_id: string;
  issue_id: number;
  project_id: number;
  project_slug: string;
  span_id: string | null;
  timestamp: number;
  title: string;
  culprit: string;
  level: string;
  short_id: string;
  transaction: string | null;
}

export interface TraceError {
  event_type: 'error';
  event_id: string;
  issue_id: number;
  /** Sentry's group type id: 1 is an error. */
  issue_type: number;
  level: string;
  culprit: string;
  short_id: string;
  start_timestamp: number;
  transaction: string;
  description: string;
  project_id: number;
  project_slug: string;
  /** The span the error happened in (Sentry's `trace.span`), when the SDK knew one. */
  span: string | null;
}

export interface TraceSpan {
  event_type: 'span';
  event_id: string;
  transaction_id: string;
  project_id: number;
  project_slug: string;
  transaction: string;
  is_transaction: boolean;
  op: string;
  name: string;
  description: string;
  /** Unix seconds, fractions kept. */
  start_timestamp: number;
  end_timestamp: number;
  /** Milliseconds. */
  duration: number;
  parent_span_id: string | null;
  status: string;
  profile_id: string;
  profiler_id: string;
  sdk_name: string;
  /** Measurement name → value. */
  measurements: Record<string, number>;
  browser_web_vital: Record<string, number>;
  mobile_app_vital: Record<string, number>;
  additional_attributes: Record<string, unknown>;
  children: TraceSpan[];
  errors: TraceError[];
  occurrences: never[];
}

export type TraceItem = TraceSpan | TraceError;

/**
 * `attributes`: the names asked for with `additional_attributes` (Sentry fills that map only with
 * those): `span.status`, or a key of the span's data, tags or origin as the SDK sent it.
 */
export function buildTraceTree(
  spans: readonly StoredSpan[],
  errors: readonly StoredTraceError[],
  attributes: readonly string[] = [],
): TraceItem[] {
  const byId = new Map<string, TraceSpan>();
  const items = spans.map((row) => {
    const item = toSpan(row, attributes);
    byId.set(row.span_id, item);
    return item;
  });
  const roots: TraceItem[] = [];
  for (const item of items) {
    const parent = item.parent_span_id === null ? undefined : byId.get(item.parent_span_id);
    if (parent && parent !== item) parent.children.push(item);
    else roots.push(item);
  }
  for (const row of errors) {
    const error = toError(row);
    const span = row.span_id === null ? undefined : byId.get(row.span_id);
    if (span) span.errors.push(error);
    else roots.push(error);
  }
  for (const item of items) if (item.children.length > 1) item.children.sort(byStart);
  return roots.sort(byStart);
}

const startOf = (item: TraceItem) => item.start_timestamp;
const byStart = (a: TraceItem, b: TraceItem) => startOf(a) - startOf(b);

function toSpan(row: StoredSpan, attributes: readonly string[]): TraceSpan {
  const data = parseData(row.data);
  return {
    event_type: 'span',
    event_id: row.span_id,
    transaction_id: row.event_id ?? row.segment_id ?? '',
    project_id: row.project_id,
    project_slug: row.project_slug,
    transaction: row.transaction ?? '',
    is_transaction: row.is_segment === 1,
    op: row.op ?? '',
    name: row.description ?? row.op ?? '',
    description: row.description ?? '',
    start_timestamp: row.start_ms / 1000,
    end_timestamp: row.end_ms / 1000,
    duration: row.end_ms - row.start_ms,
    parent_span_id: row.parent_span_id,
    status: row.status,
    profile_id: '',
    profiler_id: '',
    sdk_name: row.sdk_name ?? '',
    measurements: measurementValues(data.measurements),
    browser_web_vital: {},
    mobile_app_vital: {},
    additional_attributes: pickAttributes(row, data, attributes),
    children: [],
    errors: [],
    occurrences: [],
  };
}

function toError(row: StoredTraceError): TraceError {
  return {
    event_type: 'error',
    event_id: row.event_id,
    issue_id: row.issue_id,
    issue_type: 1,
    level: row.level,
    culprit: row.culprit,
    short_id: row.short_id,
    start_timestamp: row.timestamp / 1000,
    transaction: row.transaction ?? '',
    description: row.title,
    project_id: row.project_id,
    project_slug: row.project_slug,
    span: row.span_id,
  };
}

function pickAttributes(
  row: StoredSpan,
  data: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  if (names.length === 0) return picked;
  const nested = (key: string) => {
    const value = data[key];
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  };
  const [inner, tags] = [nested('data'), nested('tags')];
  for (const name of names) {
    const value =
      name === 'span.status'
        ? row.status
        : name === 'sentry.origin' || name === 'origin'
          ? (data.origin ?? inner['sentry.origin'])
          : (inner[name] ?? tags[name]);
    if (value !== undefined && value !== null) picked[name] = value;
  }
  return picked;
}

/** An event's `{name: {value, unit}}` as the trace endpoint's `{name: value}`. */
function measurementValues(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [name, measurement] of Object.entries(raw)) {
    const value = (measurement as { value?: unknown } | null)?.value;
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
  }
  return out;
}

function parseData(data: string | null): Record<string, unknown> {
  if (data === null) return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
