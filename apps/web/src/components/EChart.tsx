/**
 * A thin React owner of one ECharts instance: `init` on mount, `setOption` when the option object
 * changes (series replaced, so zoom and legend state survive a refetch), `resize` with its box,
 * `dispose` on unmount. Only the chart types and components Dexter draws are registered, from
 * `echarts/core`, so the bundle carries nothing else.
 */
import { useComputedColorScheme } from '@mantine/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { type ECharts, type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type { ECharts, EChartsCoreOption };

interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** The instance once created (and null once disposed): for overlays that need its coordinates. */
  onChart?: (chart: ECharts | null) => void;
  /** Called after every render of the chart (zoom, resize, new data). */
  onRendered?: () => void;
  label: string;
  style?: CSSProperties;
  /** Components whose option replaces the previous one on an update (others merge into it). */
  replaceMerge?: string[];
}

const REPLACED_BY_DEFAULT = ['series', 'xAxis', 'yAxis'];

export function EChart({
  option,
  height,
  onChart,
  onRendered,
  label,
  style,
  replaceMerge = REPLACED_BY_DEFAULT,
}: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const scheme = useComputedColorScheme('light');
  const rendered = useRef(onRendered);
  rendered.current = onRendered;
  const told = useRef(onChart);
  told.current = onChart;
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => rendered.current?.());
    // A new instance (first mount, or the colour scheme changed) starts from the current option.
    instance.setOption({ backgroundColor: 'transparent', ...latest.current });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    told.current?.(instance);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      told.current?.(null);
    };
  }, [scheme]);

  const replaced = useRef(replaceMerge);
  replaced.current = replaceMerge;
  useEffect(() => {
    chart.current?.setOption(
      { backgroundColor: 'transparent', ...option },
      { replaceMerge: replaced.current },
    );
  }, [option]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height, ...style }} />;
}
