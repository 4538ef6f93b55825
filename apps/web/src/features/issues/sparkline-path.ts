/**
 * The points of an issue's event sparkline (`issue.stats`: `[unix seconds, events]` per bucket,
 * oldest first) scaled into a width × height box, y growing downwards as in SVG. Pure so the
 * scaling is tested without a DOM; a flat series sits on the baseline, never divides by zero.
 */
import type { Sparkline } from '@dexter/contracts';

export function sparklinePoints(stats: Sparkline, width: number, height: number): string {
  if (stats.length === 0) return '';
  const max = Math.max(...stats.map(([, count]) => count));
  const step = stats.length > 1 ? width / (stats.length - 1) : 0;
  return stats
    .map(([, count], index) => {
      const x = stats.length > 1 ? index * step : width / 2;
      const y = max > 0 ? height - (count / max) * height : height;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

/** Below this many buckets a line says little (two points make a slope): bars instead. */
export const FEW_BUCKETS = 8;

/** One bar per bucket, `gap` apart, heights scaled to the largest; an empty bucket is a 1px stub. */
export function sparklineBars(
  stats: Sparkline,
  width: number,
  height: number,
  gap = 2,
): { x: number; y: number; width: number; height: number }[] {
  const max = Math.max(0, ...stats.map(([, count]) => count));
  const barWidth = (width - gap * (stats.length - 1)) / stats.length;
  return stats.map(([, count], index) => {
    const barHeight = max > 0 ? Math.max(1, (count / max) * height) : 1;
    return {
      x: round(index * (barWidth + gap)),
      y: round(height - barHeight),
      width: round(barWidth),
      height: round(barHeight),
    };
  });
}

const round = (value: number) => Math.round(value * 10) / 10;
