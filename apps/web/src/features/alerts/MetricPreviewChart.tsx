/**
 * The metric rule's last 14 days as the store judged them: the compared value per window, the
 * critical and warning thresholds as lines, and a marker wherever the rule would have fired
 * (red critical, orange warning, green resolved). Computed server-side by the schedule's own code.
 */
import type { MetricAlertRuleInput, MetricPreview } from '@dexter/contracts';
import { EChart, type EChartsCoreOption } from '../../components/EChart';

const LEVEL_COLOR = { critical: '#e03131', warning: '#f08c00', ok: '#2f9e44' } as const;

export function MetricPreviewChart({
  preview,
  rule,
}: {
  preview: MetricPreview;
  rule: MetricAlertRuleInput;
}) {
  const percent = rule.detection?.type === 'percent';
  const rate = rule.aggregate === 'failure_rate' || rule.aggregate === 'crash_free_rate';
  const unit = percent || rate ? ' %' : '';
  const thresholds = [
    { name: 'critical', yAxis: rule.critical, lineStyle: { color: LEVEL_COLOR.critical } },
    ...(rule.warning == null
      ? []
      : [{ name: 'warning', yAxis: rule.warning, lineStyle: { color: LEVEL_COLOR.warning } }]),
  ];
  const fired = new Map(preview.changes.map((change) => [change.at, change]));
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 50, right: 24, top: 28, bottom: 56 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (v == null ? 'no data' : `${Math.round(Number(v) * 100) / 100}${unit}`),
    },
    legend: { bottom: 0 },
    xAxis: { type: 'time' },
    yAxis: {
      type: 'value',
      name: percent ? 'change %' : rate ? '%' : '',
      scale: rate,
      // Keep the thresholds in sight even when the data stays far below them.
      max: ({ max }: { max: number }) =>
        Math.max(max, ...thresholds.map((t) => Math.ceil(Number(t.yAxis) * 1.15))),
    },
    series: [
      {
        name: 'value',
        type: 'line',
        showSymbol: false,
        connectNulls: false,
        data: preview.points,
        lineStyle: { width: 1.5 },
        markLine: {
          symbol: 'none',
          label: { position: 'insideEndTop', formatter: '{b} {c}' },
          data: thresholds,
        },
      },
      {
        name: 'would have fired',
        type: 'line',
        lineStyle: { width: 0 },
        symbolSize: 11,
        showAllSymbol: true,
        color: LEVEL_COLOR.critical,
        data: preview.points.map(([at, value]) => {
          const change = fired.get(at);
          return change
            ? { value: [at, value], itemStyle: { color: LEVEL_COLOR[change.level] } }
            : [at, null];
        }),
      },
    ],
  };
  return (
    <EChart option={option} height={260} label="Where the rule would have fired over the last 14 days" />
  );
}
