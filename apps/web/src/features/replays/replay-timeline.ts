/**
 * The player's timeline, read from the recording itself: Sentry's custom rrweb events (type 5)
 * with tag `breadcrumb` (clicks, navigations, console messages) and `performanceSpan` (page loads
 * and history navigations, fetch and XHR requests), plus the replay's errors. Each item knows its
 * offset from the recording's first event, which is where rrweb's player starts its clock.
 * Messages are shown as the SDK recorded them: masked text stays masked.
 */
import type { ReplayError } from '@dexter/contracts';

export type TimelineKind = 'click' | 'navigation' | 'console' | 'network' | 'error';

export interface TimelineItem {
  /** Unique within one timeline (its position in time order), a stable React key. */
  id: number;
  kind: TimelineKind;
  /** Milliseconds from the recording's start. */
  offsetMs: number;
  label: string;
  detail: string | null;
  /** Failed requests, console errors and the replay's errors. */
  problem: boolean;
  /** The error's event and issue, for errors. */
  eventId?: string;
  issueId?: string | null;
}

type RecordingEvent = Record<string, unknown>;

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
/** Sentry's payload times are seconds; rrweb's are milliseconds. */
const secondsToMs = (value: unknown): number | null => (typeof value === 'number' ? value * 1000 : null);

/**
 * An event's time in milliseconds. rrweb writes milliseconds; Sentry's SDK writes its
 * `performanceSpan` custom events' `timestamp` in seconds (spec example: `1658770772.902`).
 */
export function eventTimeMs(event: RecordingEvent): number | null {
  const time = event.timestamp;
  if (typeof time !== 'number' || !Number.isFinite(time)) return null;
  return time < 1e11 ? time * 1000 : time;
}

/**
 * What rrweb's player plays: the recording's own rrweb events (Sentry's custom events left out:
 * the player cannot use them, and their second-based times would stretch its clock), plus one
 * custom event per error, tagged `error`, at the error's time, which the player marks on its
 * progress bar.
 */
export function playableEvents(
  events: readonly RecordingEvent[],
  errors: readonly ReplayError[],
): RecordingEvent[] {
  const rrweb = events.filter((event) => event.type !== 5 && eventTimeMs(event) !== null);
  const marks = errors
    .filter((error) => error.timestamp !== null)
    .map((error) => ({
      type: 5,
      timestamp: error.timestamp,
      data: { tag: 'error', payload: { title: error.title } },
    }));
  return [...rrweb, ...marks].sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
}

/** The recording's start: its earliest rrweb event (where rrweb's player starts its clock). */
export function recordingStart(events: readonly RecordingEvent[]): number | null {
  let start: number | null = null;
  for (const event of events) {
    if (event.type === 5) continue;
    const time = eventTimeMs(event);
    if (time !== null && (start === null || time < start)) start = time;
  }
  return start;
}

/** The recording's end: its latest event of any kind. */
export function recordingEnd(events: readonly RecordingEvent[]): number | null {
  let end: number | null = null;
  for (const event of events) {
    const time = eventTimeMs(event);
    if (time !== null && (end === null || time > end)) end = time;
  }
  return end;
}

export function buildTimeline(
  events: readonly RecordingEvent[],
  errors: readonly ReplayError[],
): TimelineItem[] {
  const start = recordingStart(events);
  if (start === null) return [];
  const items: TimelineItem[] = [];
  for (const event of events) {
    if (event.type !== 5) continue;
    const data = asRecord(event.data);
    const payload = asRecord(data?.payload);
    if (!payload) continue;
    const fallback = eventTimeMs(event) ?? start;
    const item =
      data?.tag === 'breadcrumb'
        ? fromBreadcrumb(payload)
        : data?.tag === 'performanceSpan'
          ? fromSpan(payload)
          : null;
    if (!item) continue;
    const at =
      (data?.tag === 'breadcrumb' ? secondsToMs(payload.timestamp) : secondsToMs(payload.startTimestamp)) ??
      fallback;
    items.push({ ...item, id: 0, offsetMs: Math.max(0, at - start) });
  }
  for (const error of errors) {
    if (error.timestamp === null) continue;
    items.push({
      id: 0,
      kind: 'error',
      offsetMs: Math.max(0, error.timestamp - start),
      label: error.title,
      detail: error.level,
      problem: true,
      eventId: error.eventId,
      issueId: error.issueId,
    });
  }
  return items.sort((a, b) => a.offsetMs - b.offsetMs).map((item, index) => ({ ...item, id: index }));
}

type Partial = Omit<TimelineItem, 'offsetMs' | 'id'>;

function fromBreadcrumb(payload: Record<string, unknown>): Partial | null {
  const category = text(payload.category);
  const message = text(payload.message);
  const data = asRecord(payload.data);
  if (category === 'ui.click' || category === 'ui.tap') {
    return { kind: 'click', label: message ?? 'Click', detail: null, problem: false };
  }
  if (category === 'navigation') {
    const to = text(data?.to) ?? message;
    return { kind: 'navigation', label: to ?? 'Navigation', detail: text(data?.from), problem: false };
  }
  if (category === 'console') {
    const level = text(payload.level) ?? text(data?.logger) ?? 'log';
    return { kind: 'console', label: message ?? '(empty)', detail: level, problem: level === 'error' };
  }
  return null;
}

function fromSpan(payload: Record<string, unknown>): Partial | null {
  const op = text(payload.op) ?? '';
  const description = text(payload.description) ?? '';
  const data = asRecord(payload.data);
  if (op.startsWith('navigation.')) {
    return {
      kind: 'navigation',
      label: description || op,
      detail: op.slice('navigation.'.length),
      problem: false,
    };
  }
  if (op === 'resource.fetch' || op === 'resource.xhr') {
    const status = typeof data?.statusCode === 'number' ? data.statusCode : null;
    const method = text(data?.method) ?? 'GET';
    return {
      kind: 'network',
      label: `${method} ${description}`,
      detail: status === null ? null : String(status),
      problem: status !== null && status >= 400,
    };
  }
  return null;
}

/** `1:05` from milliseconds. */
export function formatOffset(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
