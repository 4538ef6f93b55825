import type { Sparkline } from '@dexter/contracts';
import { memo } from 'react';
import { sparklinePoints } from './sparkline-path';

const WIDTH = 80;
const HEIGHT = 22;

/**
 * Events per bucket of `issue.stats` as an inline SVG polyline; nothing when there are no stats.
 * Memoized on the series itself, which a cached list page keeps by reference, so a row that
 * re-renders (selection, focus, the clock) never recomputes its points.
 */
export const IssueSparkline = memo(function IssueSparkline({ stats }: { stats: Sparkline | undefined }) {
  if (!stats || stats.length === 0) return null;
  const total = stats.reduce((sum, [, count]) => sum + count, 0);
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`-1 -1 ${WIDTH + 2} ${HEIGHT + 2}`}
      role="img"
      aria-label={`${total} events in the last ${stats.length} buckets`}
      data-testid="issue-sparkline"
    >
      <polyline
        points={sparklinePoints(stats, WIDTH, HEIGHT)}
        fill="none"
        stroke="var(--mantine-primary-color-filled)"
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
    </svg>
  );
});
