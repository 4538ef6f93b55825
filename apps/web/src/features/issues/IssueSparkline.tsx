import type { Sparkline } from '@dexter/contracts';
import { memo } from 'react';
import { FEW_BUCKETS, sparklineBars, sparklinePoints } from './sparkline-path';

const WIDTH = 80;
const HEIGHT = 22;

/** The series' bucket as a word, from the spacing of its points (seconds): hour, day, or minutes. */
export function intervalName(stats: Sparkline): string {
  const step = stats.length > 1 ? stats[1]![0] - stats[0]![0] : 3600;
  if (step === 3600) return 'hour';
  if (step === 86_400) return 'day';
  return step % 3600 === 0 ? `${step / 3600}-hour interval` : `${Math.round(step / 60)}-minute interval`;
}

interface SparklineShape {
  label: string;
  bars: ReturnType<typeof sparklineBars> | null;
  points: string | null;
}

/**
 * Each series' shape, computed once: a cached list page keeps its series by reference, and while
 * the stream scrolls, rows (and their sparklines) unmount and mount again every frame.
 */
const shapes = new WeakMap<Sparkline, SparklineShape>();

function shapeOf(stats: Sparkline): SparklineShape {
  let shape = shapes.get(stats);
  if (!shape) {
    const total = stats.reduce((sum, [, count]) => sum + count, 0);
    const few = stats.length < FEW_BUCKETS;
    shape = {
      label: `${total} events over ${stats.length} ${intervalName(stats)}s`,
      bars: few ? sparklineBars(stats, WIDTH, HEIGHT) : null,
      points: few ? null : sparklinePoints(stats, WIDTH, HEIGHT),
    };
    shapes.set(stats, shape);
  }
  return shape;
}

/**
 * Events per bucket of `issue.stats` as an inline SVG polyline (bars for a few buckets); nothing
 * when there are no stats. Memoized on the series, and its shape cached per series (`shapeOf`).
 */
export const IssueSparkline = memo(function IssueSparkline({ stats }: { stats: Sparkline | undefined }) {
  if (!stats || stats.length === 0) return null;
  const { label, bars, points } = shapeOf(stats);
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`-1 -1 ${WIDTH + 2} ${HEIGHT + 2}`}
      role="img"
      aria-label={label}
      data-testid="issue-sparkline"
    >
      {bars ? (
        bars.map((bar, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a bucket's place is its identity
          <rect key={index} {...bar} rx={1} fill="var(--mantine-primary-color-filled)" />
        ))
      ) : (
        <polyline
          points={points ?? ''}
          fill="none"
          stroke="var(--mantine-primary-color-filled)"
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
});
