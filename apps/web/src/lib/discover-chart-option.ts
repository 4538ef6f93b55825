/**
 * The ECharts option of a Discover chart, on the Discover page and on dashboard widgets alike:
 * one line, or one per top group plus "Other" with a scrolling legend below the plot (long group
 * values, such as titles, are cut to a width and shown whole in the legend's tooltip). Bars and
 * areas of several groups stack, so their top edge is the total; lines do not, so groups compare.
 */
import type { ChartSeries } from './discover-raw-query';

export type ChartKind = 'line' | 'bar' | 'area';

const LEGEND_HEIGHT = 24;

export function discoverChartOption(
  lines: readonly ChartSeries[],
  { kind, compact }: { kind: ChartKind; compact: boolean },
) {
  const grouped = lines.length > 1;
  const bottom = (compact ? 24 : 28) + (grouped ? LEGEND_HEIGHT : 0);
  return {
    animation: false,
    grid: compact ? { left: 44, right: 12, top: 12, bottom } : { left: 48, right: 16, top: 24, bottom },
    tooltip: { trigger: 'axis', confine: true },
    legend: {
      show: grouped,
      type: 'scroll',
      bottom: 0,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { width: compact ? 100 : 180, overflow: 'truncate' },
      tooltip: { show: true },
    },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1 },
    series: lines.map((line) => ({
      type: kind === 'bar' ? 'bar' : 'line',
      name: line.name,
      showSymbol: false,
      ...(grouped && kind !== 'line' ? { stack: 'groups' } : {}),
      ...(kind === 'area' ? { areaStyle: { opacity: grouped ? 0.6 : 0.2 } } : {}),
      data: line.points,
    })),
  };
}
