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

/**
 * Events per bucket of `issue.stats` as an inline SVG polyline; nothing when there are no stats.
 * Memoized on the series itself, which a cached list page keeps by reference, so a row that
 * re-renders (selection, focus, the clock) never recomputes its points.
 */
export const IssueSparkline = memo(function IssueSparkline({ stats }: { stats: Sparkline | undefined }) {
  if (!stats || stats.length === 0) return null;
  const total = stats.reduce((sum, [, count]) => sum + count, 0);
  const interval = intervalName(stats);
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`-1 -1 ${WIDTH + 2} ${HEIGHT + 2}`}
      role="img"
      aria-label={`${total} events over ${stats.length} ${interval}s`}
      data-testid="issue-sparkline"
    >
      {stats.length < FEW_BUCKETS ? (
        sparklineBars(stats, WIDTH, HEIGHT).map((bar, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a bucket's place is its identity
          <rect key={index} {...bar} rx={1} fill="var(--mantine-primary-color-filled)" />
        ))
      ) : (
        <polyline
          points={sparklinePoints(stats, WIDTH, HEIGHT)}
          fill="none"
          stroke="var(--mantine-primary-color-filled)"
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
});
