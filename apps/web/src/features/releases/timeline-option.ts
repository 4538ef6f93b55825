/**
 * ECharts options of Dexter's timelines, built from the API's answers: stacked bars per release
 * or environment on a time axis, a slider and wheel zoom over the range, and a dashed line at
 * each deploy (red when the regression check flagged it). Pure, so a refetch with equal data
 * yields an equal option.
 */
import type { DeployNotice, TimelineDeploy, TimelineSeries } from '@dexter/contracts';
import type { EChartsCoreOption } from '../../components/EChart';

/** Distinct, colour-blind-friendly hues (Okabe–Ito, then Tableau); "Other" is grey. */
export const SERIES_COLORS = [
  '#4C6EF5',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#7048E8',
  '#F0B400',
  '#0CA678',
  '#AE3EC9',
];
const OTHER_COLOR = '#ADB5BD';
export const FLAGGED_COLOR = '#E03131';
export const DEPLOY_COLOR = '#495057';

/** Space above the plot for the deploy markers (DOM buttons laid over the canvas). */
export const GRID_TOP = 76;

/** A release or environment keeps its colour across ranges, filters and refetches. */
export function colorOf(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return SERIES_COLORS[hash % SERIES_COLORS.length]!;
}

export interface TimelineOptionInput {
  buckets: number[];
  interval: number;
  series: TimelineSeries[];
  deploys?: TimelineDeploy[];
  notices?: ReadonlyMap<string, DeployNotice>;
  /** Smaller chart (the issue page): no slider, tighter grid. */
  compact?: boolean;
  textColor: string;
}

export function timelineOption(input: TimelineOptionInput): EChartsCoreOption {
  const { buckets, series, deploys = [], notices, compact = false, textColor } = input;
  const half = (input.interval * 1000) / 2;
  const deployLines = deploys.map((deploy) => {
    const flagged = notices?.get(deploy.key)?.flagged ?? false;
    return {
      xAxis: Date.parse(deploy.dateFinished),
      lineStyle: { color: flagged ? FLAGGED_COLOR : DEPLOY_COLOR, type: 'dashed', width: flagged ? 2 : 1 },
      label: { show: false },
    };
  });
  return {
    animation: false,
    textStyle: { color: textColor },
    legend: {
      data: series.map((entry) => entry.name),
      type: 'scroll',
      top: 0,
      left: 0,
      right: 0,
      textStyle: { color: textColor },
      icon: 'roundRect',
      itemWidth: 12,
      itemHeight: 8,
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      // Only the groups with events in the hovered bucket, busiest first.
      order: 'valueDesc',
      valueFormatter: (value: unknown) => String(value ?? 0),
    },
    grid: compact
      ? { top: 36, left: 8, right: 12, bottom: 8, containLabel: true }
      : { top: GRID_TOP, left: 8, right: 16, bottom: 56, containLabel: true },
    xAxis: {
      type: 'time',
      min: (buckets[0] ?? 0) - half,
      max: (buckets.at(-1) ?? 0) + half,
      axisLabel: { color: textColor, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: textColor },
      splitLine: { lineStyle: { opacity: 0.35 } },
    },
    dataZoom: compact
      ? [{ type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }]
      : [
          { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter', zoomOnMouseWheel: 'shift' },
          {
            type: 'slider',
            xAxisIndex: 0,
            filterMode: 'weakFilter',
            height: 22,
            bottom: 8,
            showDetail: false,
          },
        ],
    series: [
      ...series.map((entry) => ({
        name: entry.name,
        type: 'bar',
        stack: 'events',
        barCategoryGap: '15%',
        large: buckets.length > 500,
        itemStyle: {
          color: entry.isOther ? OTHER_COLOR : colorOf(entry.name),
        },
        emphasis: { focus: 'series' },
        data: buckets.map((t, i) => [t + half, entry.counts[i] ?? 0]),
      })),
      // The deploy lines ride on a series of their own, so they show even with no events.
      {
        name: 'deploys',
        type: 'line',
        data: [],
        silent: true,
        tooltip: { show: false },
        markLine: { symbol: ['none', 'none'], silent: true, animation: false, data: deployLines },
      },
    ],
  };
}
