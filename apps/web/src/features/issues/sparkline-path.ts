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

const round = (value: number) => Math.round(value * 10) / 10;
