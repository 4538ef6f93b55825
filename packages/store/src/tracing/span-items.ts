/**
 * Turns the tracing items of an envelope into span records: a `transaction` item (its segment
 * span plus its child `spans[]`), a standalone v1 `span` item (one SpanJSON) and a v2 span
 * container (`application/vnd.sentry.items.span.v2+json`, `{version:2, items:[…]}` with typed
 * attributes). Pure and bounded: it runs in the ingest workers, and a record is plain data.
 *
 * Invariants:
 * - A transaction or span whose own ids or times are unusable is refused with a 400 that names the
 *   field; a broken child span of a good transaction is dropped and counted, as Relay drops it.
 * - The SDK's sampling decision stands: a transaction or span marked `sampled: false` (or an
 *   envelope whose trace header says `sampled: "false"`) is not stored, only counted.
 * - Ids are lowercase hex (trace 32, span 16; dashes of a UUID-form trace id are removed).
 */
import { malformed } from '../ingest/ingest-error';
import {
  asRecord,
  boundJson,
  type JsonRecord,
  parseTimestamp,
  str,
  truncate,
} from '../ingest/normalize/coerce';
import { SPAN_FIELD_LIMITS } from './span-limits';

export const TRACING_ITEM_TYPES: ReadonlySet<string> = new Set(['transaction', 'span']);
export const SPAN_V2_CONTENT_TYPE = 'application/vnd.sentry.items.span.v2+json';

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** The span id of the transaction (segment) the span belongs to. */
  segmentId: string | null;
  /** The transaction's event id, for spans that came in a transaction. */
  eventId: string | null;
  isSegment: boolean;
  op: string | null;
  description: string | null;
  /** The segment's name (the transaction). */
  transaction: string | null;
  status: string;
  /** Epoch ms, fractions kept. */
  startMs: number;
  endMs: number;
  environment: string | null;
  release: string | null;
  sdkName: string | null;
  /** JSON of what the waterfall's details show: tags, data, measurements, origin. */
  data: string | null;
}

export interface ParsedSpans {
  records: SpanRecord[];
  /** Spans the SDK marked unsampled. */
  unsampled: number;
  /** Child spans dropped as malformed. */
  dropped: number;
}

export const emptySpans = (): ParsedSpans => ({ records: [], unsampled: 0, dropped: 0 });

export interface SpanItemContext {
  /** The envelope header's `trace` (the dynamic sampling context), when any. */
  dsc: JsonRecord | null;
}

/** Adds the item's spans to `into`; throws a 400 naming the field for an unusable item. */
export function parseTracingItem(
  type: string,
  contentType: string | undefined,
  payload: Buffer,
  context: SpanItemContext,
  into: ParsedSpans,
): void {
  const json = parseJson(type, payload);
  if (context.dsc?.sampled === 'false' || context.dsc?.sampled === false) {
    into.unsampled += countOf(type, json);
    return;
  }
  if (type === 'transaction') parseTransaction(json, into);
  else if (contentType === SPAN_V2_CONTENT_TYPE || (json.version === 2 && Array.isArray(json.items))) {
    parseSpanContainer(json, into);
  } else parseSpanV1(json, into);
}

function parseJson(type: string, payload: Buffer): JsonRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    throw malformed(`${type} item is not valid JSON`);
  }
  const record = asRecord(parsed);
  if (record === null) throw malformed(`${type} item must be a JSON object`);
  return record;
}

function countOf(type: string, json: JsonRecord): number {
  if (type === 'transaction') return 1 + (Array.isArray(json.spans) ? json.spans.length : 0);
  return Array.isArray(json.items) ? json.items.length : 1;
}

function parseTransaction(event: JsonRecord, into: ParsedSpans): void {
  const trace = asRecord(asRecord(event.contexts)?.trace);
  if (trace === null) throw malformed('transaction: contexts.trace is required');
  if (trace.sampled === false) {
    into.unsampled += countOf('transaction', event);
    return;
  }
  const traceId = traceIdOf(trace.trace_id, 'transaction: contexts.trace.trace_id');
  const spanId = spanIdOf(trace.span_id, 'transaction: contexts.trace.span_id');
  const { startMs, endMs } = timesOf(event.start_timestamp, event.timestamp, 'transaction');
  const eventId = eventIdOf(event.event_id);
  const transaction = str(event.transaction, SPAN_FIELD_LIMITS.name);
  const shared = {
    traceId,
    segmentId: spanId,
    eventId,
    transaction,
    environment: str(event.environment, SPAN_FIELD_LIMITS.name),
    release: str(event.release, SPAN_FIELD_LIMITS.name),
    sdkName: str(asRecord(event.sdk)?.name, SPAN_FIELD_LIMITS.name),
  };
  into.records.push({
    ...shared,
    spanId,
    parentSpanId: optionalSpanId(trace.parent_span_id),
    isSegment: true,
    op: str(trace.op, SPAN_FIELD_LIMITS.op),
    description: transaction,
    status: str(trace.status, SPAN_FIELD_LIMITS.status) ?? 'unknown',
    startMs,
    endMs,
    data: dataOf({
      tags: event.tags,
      data: trace.data,
      measurements: event.measurements,
      origin: trace.origin,
      transaction_source: asRecord(event.transaction_info)?.source,
    }),
  });
  const children = Array.isArray(event.spans) ? event.spans : [];
  for (const raw of children.slice(0, SPAN_FIELD_LIMITS.spansPerTransaction)) {
    const child = childSpan(asRecord(raw), shared, spanId);
    if (child === null) into.dropped += 1;
    else into.records.push(child);
  }
  into.dropped += Math.max(0, children.length - SPAN_FIELD_LIMITS.spansPerTransaction);
}

type Shared = Pick<
  SpanRecord,
  'traceId' | 'segmentId' | 'eventId' | 'transaction' | 'environment' | 'release' | 'sdkName'
>;

/** A child span of a transaction, or null when it is unusable (no ids, unfinished). */
function childSpan(span: JsonRecord | null, shared: Shared, segmentId: string): SpanRecord | null {
  if (span === null) return null;
  const spanId = optionalSpanId(span.span_id);
  const startMs = parseTimestamp(span.start_timestamp);
  const endMs = parseTimestamp(span.timestamp);
  if (spanId === null || startMs === null || endMs === null || endMs < startMs) return null;
  return {
    ...shared,
    spanId,
    parentSpanId: optionalSpanId(span.parent_span_id) ?? segmentId,
    isSegment: false,
    op: str(span.op, SPAN_FIELD_LIMITS.op),
    description: str(span.description, SPAN_FIELD_LIMITS.description),
    status: str(span.status, SPAN_FIELD_LIMITS.status) ?? 'ok',
    startMs,
    endMs,
    data: dataOf({ tags: span.tags, data: span.data, origin: span.origin }),
  };
}

/** v1: one SpanJSON per item (js `core/src/types/span.ts`). */
function parseSpanV1(span: JsonRecord, into: ParsedSpans): void {
  if (span.sampled === false) {
    into.unsampled += 1;
    return;
  }
  const traceId = traceIdOf(span.trace_id, 'span: trace_id');
  const spanId = spanIdOf(span.span_id, 'span: span_id');
  const { startMs, endMs } = timesOf(span.start_timestamp, span.timestamp, 'span');
  const data = asRecord(span.data);
  const isSegment = span.is_segment === true;
  into.records.push({
    traceId,
    spanId,
    parentSpanId: optionalSpanId(span.parent_span_id),
    segmentId: optionalSpanId(span.segment_id) ?? (isSegment ? spanId : null),
    eventId: null,
    isSegment,
    op: str(span.op, SPAN_FIELD_LIMITS.op) ?? str(data?.['sentry.op'], SPAN_FIELD_LIMITS.op),
    description: str(span.description, SPAN_FIELD_LIMITS.description),
    transaction: str(data?.['sentry.segment.name'], SPAN_FIELD_LIMITS.name),
    status: str(span.status, SPAN_FIELD_LIMITS.status) ?? 'ok',
    startMs,
    endMs,
    environment: str(data?.['sentry.environment'], SPAN_FIELD_LIMITS.name),
    release: str(data?.['sentry.release'], SPAN_FIELD_LIMITS.name),
    sdkName: str(data?.['sentry.sdk.name'], SPAN_FIELD_LIMITS.name),
    data: dataOf({ data: span.data, measurements: span.measurements, origin: span.origin }),
  });
}

/** v2 span streaming: `{version:2, items:[…]}`, attributes typed as `{type, value}`. */
function parseSpanContainer(container: JsonRecord, into: ParsedSpans): void {
  if (!Array.isArray(container.items)) throw malformed('span container: items must be an array');
  if (container.items.length > SPAN_FIELD_LIMITS.spansPerTransaction) {
    throw malformed(
      `span container: ${container.items.length} items; the limit is ${SPAN_FIELD_LIMITS.spansPerTransaction}`,
    );
  }
  const first = into.records.length;
  for (const [index, raw] of container.items.entries()) {
    const span = asRecord(raw);
    if (span === null) throw malformed(`span container: items[${index}] must be an object`);
    const at = `span container: items[${index}]`;
    const traceId = traceIdOf(span.trace_id, `${at}.trace_id`);
    const spanId = spanIdOf(span.span_id, `${at}.span_id`);
    const { startMs, endMs } = timesOf(span.start_timestamp, span.end_timestamp, at, 'end_timestamp');
    const attributes = plainAttributes(span.attributes);
    const isSegment = span.is_segment === true;
    into.records.push({
      traceId,
      spanId,
      parentSpanId: optionalSpanId(span.parent_span_id),
      segmentId: optionalSpanId(attributes['sentry.segment.id']) ?? (isSegment ? spanId : null),
      eventId: null,
      isSegment,
      op: str(attributes['sentry.op'], SPAN_FIELD_LIMITS.op),
      description: str(describeV2(span.name, attributes), SPAN_FIELD_LIMITS.description),
      transaction: str(attributes['sentry.segment.name'], SPAN_FIELD_LIMITS.name),
      // v2 knows only ok and error; Sentry's trace statuses call a failure internal_error.
      status: span.status === 'error' ? 'internal_error' : 'ok',
      startMs,
      endMs,
      environment: str(attributes['sentry.environment'], SPAN_FIELD_LIMITS.name),
      release: str(attributes['sentry.release'], SPAN_FIELD_LIMITS.name),
      sdkName: str(attributes['sentry.sdk.name'], SPAN_FIELD_LIMITS.name),
      data: dataOf({ data: attributes, origin: attributes['sentry.origin'] }),
    });
  }
  nameSegmentsByRoute(into.records, first);
}

/**
 * A segment named by its HTTP method alone (`GET`) is the transaction `GET /charge`, as its
 * described segment span reads; its spans sent in the same container take that name too.
 */
function nameSegmentsByRoute(records: SpanRecord[], from: number): void {
  const names = new Map<string, string>();
  for (let i = from; i < records.length; i++) {
    const r = records[i]!;
    if (
      r.isSegment &&
      r.description !== null &&
      r.transaction !== null &&
      r.description.startsWith(`${r.transaction} `)
    )
      names.set(r.spanId, truncate(r.description, SPAN_FIELD_LIMITS.name));
  }
  if (names.size === 0) return;
  for (let i = from; i < records.length; i++) {
    const r = records[i]!;
    const name = r.segmentId === null ? undefined : names.get(r.segmentId);
    if (name !== undefined && r.transaction !== null && name.startsWith(`${r.transaction} `))
      r.transaction = name;
  }
}

/**
 * An HTTP span of the OpenTelemetry-based SDKs is named by its method alone (`GET`); as Sentry's
 * span descriptions do, it reads as the method and its path (server) or URL (client).
 */
function describeV2(name: unknown, attributes: JsonRecord): unknown {
  const method = attributes['http.request.method'];
  if (typeof name !== 'string' || typeof method !== 'string' || name !== method) return name;
  const target = attributes['sentry.op'] === 'http.client' ? attributes['url.full'] : attributes['url.path'];
  return typeof target === 'string' && target !== '' ? `${method} ${target}` : name;
}

/** `{"k":{"type":"string","value":"v"}}` → `{"k":"v"}`; untyped values are kept as they are. */
function plainAttributes(raw: unknown): JsonRecord {
  const out: JsonRecord = {};
  const record = asRecord(raw);
  if (record === null) return out;
  let n = 0;
  for (const key in record) {
    if (!Object.hasOwn(record, key) || key === '__proto__') continue;
    if (n++ >= SPAN_FIELD_LIMITS.attributes) break;
    const value = record[key];
    const typed = asRecord(value);
    out[key] = typed !== null && 'value' in typed ? typed.value : value;
  }
  return out;
}

function dataOf(fields: JsonRecord): string | null {
  const kept: JsonRecord = {};
  let any = false;
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    kept[key] = value;
    any = true;
  }
  if (!any) return null;
  // Values come from JSON.parse, so they serialize as they are; only an oversized one pays for
  // bounding (the hot path: a thousand small spans per transaction).
  const json = JSON.stringify(kept);
  if (json.length <= SPAN_FIELD_LIMITS.dataBytes) return json;
  const bounded = JSON.stringify(boundJson(kept));
  return bounded.length <= SPAN_FIELD_LIMITS.dataBytes ? bounded : JSON.stringify({ truncated: true });
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

export function normalizeTraceId(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 36) return null;
  const id = value.replaceAll('-', '').toLowerCase();
  return HEX32.test(id) ? id : null;
}

function traceIdOf(value: unknown, field: string): string {
  const id = normalizeTraceId(value);
  if (id === null) throw malformed(`${field} must be 32 hexadecimal characters`);
  return id;
}

function optionalSpanId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.toLowerCase();
  return HEX16.test(id) ? id : null;
}

function spanIdOf(value: unknown, field: string): string {
  const id = optionalSpanId(value);
  if (id === null) throw malformed(`${field} must be 16 hexadecimal characters`);
  return id;
}

function eventIdOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.replaceAll('-', '').toLowerCase();
  return HEX32.test(id) ? id : null;
}

function timesOf(start: unknown, end: unknown, what: string, endName = 'timestamp') {
  const startMs = parseTimestamp(start);
  const endMs = parseTimestamp(end);
  if (startMs === null) throw malformed(`${what}: start_timestamp is missing or not a timestamp`);
  if (endMs === null) throw malformed(`${what}: ${endName} is missing or not a timestamp`);
  if (endMs < startMs) throw malformed(`${what}: ${endName} is before start_timestamp`);
  return { startMs, endMs };
}
