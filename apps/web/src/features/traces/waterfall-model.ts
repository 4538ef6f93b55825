/**
 * The waterfall's pure parts: which rows show when some spans are collapsed (rows come depth
 * first with their descendant counts, so hiding a subtree is one skip), where a span's bar sits
 * on the trace's time axis, and a stable color per service.
 */
import type { TraceSpanRow } from '@dexter/contracts';

/** Indexes of the rows to show: the descendants of a collapsed row are skipped. O(rows). */
export function visibleRows(spans: readonly TraceSpanRow[], collapsed: ReadonlySet<string>): number[] {
  const shown: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    shown.push(i);
    const span = spans[i]!;
    if (collapsed.has(span.id)) i += span.descendants;
  }
  return shown;
}

/** Left edge and width of a bar in percent of the trace; a zero-length span still shows 1px-ish. */
export function barGeometry(span: Pick<TraceSpanRow, 'start' | 'end'>, traceStart: number, traceEnd: number) {
  const total = Math.max(traceEnd - traceStart, 1e-6);
  const left = ((span.start - traceStart) / total) * 100;
  const width = ((span.end - span.start) / total) * 100;
  return { left: clamp(left, 0, 100), width: clamp(width, 0.15, 100 - clamp(left, 0, 100)) };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

const SERVICE_COLORS = ['blue', 'grape', 'teal', 'orange', 'indigo', 'lime', 'cyan', 'pink'] as const;

/** The Mantine color of each service, by its order of appearance in the trace. */
export function serviceColors(projects: readonly string[]): Map<string, string> {
  return new Map(projects.map((project, i) => [project, SERVICE_COLORS[i % SERVICE_COLORS.length]!]));
}

/** `12.3 ms`, `1.20 s`: what a span's duration reads as. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Evenly spaced tick times for the axis above the bars (ms offsets from the start). */
export function axisTicks(duration: number, count = 5): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (duration * i) / count);
}
