/**
 * The trace an error event happened in: `contexts.trace.trace_id` and `span_id`, which the SDK
 * copies from the active span. Stored as indexed columns of `events` (migration 0011) so the
 * trace waterfall finds its errors, and each error is pinned on the span it happened in.
 */
import { asRecord } from '../ingest/normalize/coerce';
import { normalizeTraceId } from './span-items';

export interface TraceLink {
  traceId: string | null;
  spanId: string | null;
}

export function traceLinkOf(contexts: Record<string, unknown>): TraceLink {
  const trace = asRecord(contexts.trace);
  const traceId = normalizeTraceId(trace?.trace_id);
  const rawSpan = trace?.span_id;
  const spanId =
    typeof rawSpan === 'string' && /^[0-9a-fA-F]{16}$/.test(rawSpan) ? rawSpan.toLowerCase() : null;
  return { traceId, spanId: traceId === null ? null : spanId };
}
