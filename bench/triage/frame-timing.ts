/**
 * Frame times from a Chrome trace, the way Chrome's own smoothness metrics see frames: the
 * compositor emits one `PipelineReporter` async event per BeginFrame (vsync), whose `state` says
 * whether the frame was presented (fully, or partially: the compositor moved the scroll but the
 * main thread's update missed the frame), dropped, or not needed.
 *
 * - frame time: the interval between the BeginFrames (vsync ticks) of consecutive presented
 *   frames (16.7 ms at 60 Hz; a dropped frame in between makes it 33.3 ms);
 * - dropped share: dropped plus partially presented frames over all frames that wanted an update
 *   (a partial frame shows stale main-thread content: at the edge of a virtualized list, rows
 *   that are not there yet);
 * - the same frame times weighted by their duration (`frameMsByTime`), and the share of the
 *   window's time spent in frames longer than `LONG_FRAME_MS`: a count-based p95 stays at 16.7 ms
 *   while a few stalls of half a second freeze the list, these do not.
 * Only the window between two `console.timeStamp` markers of the page is counted, and only the
 * renderer process that wrote them.
 */
import { type Spread, shareOfTimeAbove, spreadOf, timeWeightedSpreadOf } from './stats';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  ts: number;
  id2?: { local?: string; global?: string };
  id?: string;
  args?: Record<string, unknown>;
}

/** A frame longer than this missed its vsync at 60 Hz (16.7 ms, plus slack for timestamp jitter). */
export const LONG_FRAME_MS = 18;

export interface FrameStats {
  /** Frames that wanted an update in the window (presented, partial or dropped). */
  frames: number;
  presented: number;
  partial: number;
  dropped: number;
  /** (dropped + partial) / frames. */
  droppedShare: number;
  /** Intervals between presented frames, each counted once. */
  frameMs: Spread;
  /** The same intervals, each weighted by its duration. */
  frameMsByTime: Spread;
  /** Share of the time between presented frames spent in frames longer than `LONG_FRAME_MS`. */
  longFrameTimeShare: number;
  windowMs: number;
}

const frameState = (event: TraceEvent): string | undefined => {
  const reporter = (event.args?.frame_reporter ?? event.args?.chrome_frame_reporter) as
    | { state?: string }
    | undefined;
  return reporter?.state;
};

function markerTime(events: readonly TraceEvent[], label: string): TraceEvent {
  const marker = events.find(
    (e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === label,
  );
  if (!marker) throw new Error(`the trace has no console.timeStamp('${label}')`);
  return marker;
}

export function frameStatsFromTrace(
  events: readonly TraceEvent[],
  startLabel: string,
  endLabel: string,
): FrameStats {
  const start = markerTime(events, startLabel);
  const end = markerTime(events, endLabel);
  // A frame can have several reporters (one per frame source); it counts once, at its worst state.
  const RANK: Record<string, number> = {
    STATE_PRESENTED_ALL: 1,
    STATE_PRESENTED_PARTIAL: 2,
    STATE_DROPPED: 3,
  };
  const frames = new Map<string, { state: string; presentedAt: number | undefined }>();
  for (const event of events) {
    if (event.name !== 'PipelineReporter' || event.ph !== 'b' || event.pid !== start.pid) continue;
    if (event.ts < start.ts || event.ts > end.ts) continue;
    const state = frameState(event);
    if (!state || !(state in RANK)) continue;
    const reporter = (event.args?.frame_reporter ?? {}) as { frame_sequence?: number };
    const key = String(reporter.frame_sequence ?? event.ts);
    const seen = frames.get(key);
    if (!seen || (RANK[state] ?? 0) > (RANK[seen.state] ?? 0)) {
      frames.set(key, { state, presentedAt: event.ts });
    }
  }
  let presented = 0;
  let partial = 0;
  let dropped = 0;
  const presentedAt: number[] = [];
  for (const frame of frames.values()) {
    if (frame.state === 'STATE_DROPPED') dropped += 1;
    else {
      if (frame.state === 'STATE_PRESENTED_ALL') presented += 1;
      else partial += 1;
      if (frame.presentedAt !== undefined) presentedAt.push(frame.presentedAt);
    }
  }
  presentedAt.sort((a, b) => a - b);
  const distinct = [...new Set(presentedAt)];
  const intervals = distinct.slice(1).map((at, i) => (at - distinct[i]!) / 1000);
  const total = presented + partial + dropped;
  return {
    frames: total,
    presented,
    partial,
    dropped,
    droppedShare: total > 0 ? (dropped + partial) / total : Number.NaN,
    frameMs: spreadOf(intervals),
    frameMsByTime: timeWeightedSpreadOf(intervals),
    longFrameTimeShare: shareOfTimeAbove(intervals, LONG_FRAME_MS),
    windowMs: (end.ts - start.ts) / 1000,
  };
}

/** Renderer main-thread time by kind of work in the window: where a janky frame went. */
export function mainThreadBreakdown(
  events: readonly TraceEvent[],
  startLabel: string,
  endLabel: string,
): { byKindMs: Record<string, number> } {
  const start = markerTime(events, startLabel);
  const end = markerTime(events, endLabel);
  const main = (start as TraceEvent & { tid?: number }).tid;
  const KINDS = new Set([
    'FunctionCall',
    'TimerFire',
    'EventDispatch',
    'Layout',
    'UpdateLayoutTree',
    'Paint',
    'PrePaint',
    'Layerize',
    'MajorGC',
    'MinorGC',
    'ParseHTML',
    'EvaluateScript',
    'XHRReadyStateChange',
  ]);
  const byKindMs: Record<string, number> = {};
  for (const event of events as Array<TraceEvent & { tid?: number; dur?: number }>) {
    if (event.pid !== start.pid || event.tid !== main || event.ph !== 'X' || event.dur === undefined)
      continue;
    if (event.ts < start.ts || event.ts > end.ts) continue;
    if (KINDS.has(event.name)) {
      byKindMs[event.name] = Math.round((byKindMs[event.name] ?? 0) + event.dur / 1000);
    }
  }
  return { byKindMs };
}
