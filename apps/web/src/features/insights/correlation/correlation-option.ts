/**
 * The ECharts option of the correlation chart: the error rate as bars on the left axis, the metric
 * as a line on the right axis, one time axis, and a dashed vertical line per deploy labelled with
 * its release. Pure, so equal answers give equal options.
 */
import type { Correlation } from '@dexter/contracts';
import type { EChartsCoreOption } from '../../../components/EChart';

export const ERRORS_COLOR = '#E8590C';
export const METRIC_COLOR = '#1C7ED6';
const DEPLOY_COLOR = '#495057';

export function correlationOption(correlation: Correlation, textColor: string): EChartsCoreOption {
  const half = (correlation.interval * 1000) / 2;
  const metricName = correlation.source.name;
  const errorsName = correlation.target.kind === 'issue' ? 'Issue events / hour' : 'Error events / hour';
  return {
    animation: false,
    textStyle: { color: textColor },
    legend: { data: [errorsName, metricName], top: 0, textStyle: { color: textColor } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' } },
    grid: { left: 56, right: 64, top: 48, bottom: 56 },
    xAxis: { type: 'time', axisLabel: { color: textColor, hideOverlap: true } },
    yAxis: [
      {
        type: 'value',
        name: errorsName,
        position: 'left',
        minInterval: 1,
        nameTextStyle: { color: ERRORS_COLOR, align: 'left' },
        axisLabel: { color: ERRORS_COLOR },
      },
      {
        type: 'value',
        name: metricName,
        position: 'right',
        scale: true,
        splitLine: { show: false },
        nameTextStyle: { color: METRIC_COLOR, align: 'right' },
        axisLabel: { color: METRIC_COLOR },
      },
    ],
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series: [
      {
        name: errorsName,
        type: 'bar',
        yAxisIndex: 0,
        itemStyle: { color: ERRORS_COLOR, opacity: 0.75 },
        barMaxWidth: 14,
        data: correlation.buckets.map((start, i) => [start + half, correlation.errors[i] ?? 0]),
        markLine: {
          symbol: 'none',
          silent: false,
          lineStyle: { color: DEPLOY_COLOR, type: 'dashed' },
          label: { formatter: '{b}', position: 'insideEndTop', color: textColor, fontSize: 11 },
          data: correlation.deploys.map((deploy) => ({
            name: `deploy ${deploy.release}`,
            xAxis: Date.parse(deploy.dateFinished),
          })),
        },
      },
      {
        name: metricName,
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { color: METRIC_COLOR, width: 2 },
        itemStyle: { color: METRIC_COLOR },
        data: correlation.buckets.map((start, i) => [start + half, correlation.metric[i] ?? null]),
      },
    ],
  };
}
