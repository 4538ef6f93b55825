/**
 * One trace for the waterfall, through the upstream pipeline (the same call to sentry.io and the
 * built-in store): Sentry's tree of root items is flattened into display rows, depth first with
 * children by start time, each carrying its depth, its number of descendants and its errors. The
 * walk is iterative, so a deep trace cannot overflow the stack.
 */
import type { TraceErrorRow, TraceSpanRow, TraceView } from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';
import type { TraceError, TraceItem } from '@dexter/sentry-wire';

export const DEFAULT_TRACE_PERIOD = '30d';
/**
 * The attributes the span details show, asked of the upstream by name (Sentry fills a span's
 * `additional_attributes` only with those asked for): a trace's answer stays small however many
 * attributes its SDKs send. Both the OpenTelemetry names and the older Sentry ones.
 */
export const DETAIL_ATTRIBUTES = [
  'span.status',
  'sentry.origin',
  'http.request.method',
  'http.method',
  'http.response.status_code',
  'http.status_code',
  'url.full',
  'url',
  'url.path',
  'server.address',
  'db.system',
  'db.operation',
  'sentry.release',
  'sentry.environment',
] as const;

export interface TracesServiceDeps {
  sentry: Pick<SentryClient, 'traces'>;
}

export function createTracesService({ sentry }: TracesServiceDeps) {
  return {
    async get(
      org: string,
      traceId: string,
      params: { statsPeriod?: string; errorId?: string },
    ): Promise<TraceView> {
      const items = await sentry.traces.get(org, traceId.toLowerCase(), {
        statsPeriod: params.statsPeriod ?? DEFAULT_TRACE_PERIOD,
        errorId: params.errorId?.toLowerCase(),
        additionalAttributes: DETAIL_ATTRIBUTES,
      });
      return flattenTrace(traceId.toLowerCase(), items);
    },
  };
}

export type TracesService = ReturnType<typeof createTracesService>;

const isSpan = (item: TraceItem) => (item.event_type ?? 'span') === 'span';
const isError = (item: TraceItem) => item.event_type === 'error' || item.event_type === 'occurrence';
const ms = (seconds: number | null | undefined) => (typeof seconds === 'number' ? seconds * 1000 : null);

export function flattenTrace(traceId: string, roots: readonly TraceItem[]): TraceView {
  const spans: TraceSpanRow[] = [];
  const orphanErrors: TraceErrorRow[] = [];
  const projects = new Set<string>();
  let errorCount = 0;
  // Depth-first with an explicit stack; `exit` entries close a span to count its descendants.
  type Frame = { item: TraceItem; depth: number; parentId: string | null } | { exit: number };
  const stack: Frame[] = [...roots].reverse().map((item) => ({ item, depth: 0, parentId: null }));
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('exit' in frame) {
      spans[frame.exit]!.descendants = spans.length - frame.exit - 1;
      continue;
    }
    const { item, depth, parentId } = frame;
    if (isError(item)) {
      orphanErrors.push(errorRow(item as TraceError, null));
      errorCount += 1;
      continue;
    }
    if (!isSpan(item)) continue;
    const project = item.project_slug ?? '';
    if (project) projects.add(project);
    const start = ms(item.start_timestamp) ?? 0;
    const end = ms(item.end_timestamp) ?? start + (item.duration ?? 0);
    const errors = (item.errors ?? []).map((error) => errorRow(error, item.event_id));
    errorCount += errors.length;
    const index = spans.length;
    spans.push({
      id: item.event_id,
      parentId: item.parent_span_id ?? parentId,
      depth,
      descendants: 0,
      op: item.op ?? '',
      description: item.description ?? item.name ?? '',
      project,
      transaction: item.transaction ?? '',
      transactionId: item.transaction_id ?? null,
      isTransaction: item.is_transaction === true,
      start,
      end,
      duration: item.duration ?? end - start,
      status: item.status ?? statusOf(item),
      sdkName: item.sdk_name || null,
      attributes: withoutStatus(item.additional_attributes ?? {}),
      errors,
    });
    const children = [...(item.children ?? [])].sort(
      (a, b) => (a.start_timestamp ?? 0) - (b.start_timestamp ?? 0),
    );
    stack.push({ exit: index });
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ item: children[i]!, depth: depth + 1, parentId: item.event_id });
    }
  }
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    if (span.start < start) start = span.start;
    if (span.end > end) end = span.end;
  }
  for (const error of orphanErrors) {
    if (error.timestamp === null) continue;
    start = Math.min(start, error.timestamp);
    end = Math.max(end, error.timestamp);
  }
  const empty = start === Number.POSITIVE_INFINITY;
  return {
    traceId,
    start: empty ? null : start,
    end: empty ? null : end,
    spans,
    orphanErrors,
    projects: [...projects],
    errorCount,
  };
}

/** The status has its own field; the rest are the details' attributes. */
function withoutStatus(attributes: Record<string, unknown>): Record<string, unknown> {
  const { 'span.status': _status, ...rest } = attributes;
  return rest;
}

/** Sentry's EAP spans carry their status among the attributes when asked for it. */
function statusOf(item: TraceItem): string | null {
  const status = item.additional_attributes?.['span.status'];
  return typeof status === 'string' ? status : null;
}

function errorRow(error: TraceError, spanId: string | null): TraceErrorRow {
  return {
    eventId: error.event_id,
    issueId: error.issue_id ?? null,
    shortId: error.short_id ?? null,
    title: error.description ?? error.culprit ?? 'Error',
    level: error.level ?? 'error',
    culprit: error.culprit ?? null,
    project: error.project_slug ?? '',
    timestamp: ms(error.start_timestamp),
    spanId: spanId ?? (typeof error.span === 'string' ? error.span : null),
  };
}
