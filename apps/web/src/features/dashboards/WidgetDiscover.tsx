/**
 * A widget over a Discover query: its first function over time as a line, bar or area chart, its
 * first rows as a table, or the first row's first function as one big number.
 */
import type { DiscoverResult, Widget } from '@dexter/contracts';
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { EChart } from '../../components/EChart';
import { fieldsOfRaw, type QueryFilters, yAxisOfFields } from '../../lib/discover-raw-query';
import { WidgetState } from './WidgetState';
import { widgetSeriesOptions, widgetTableOptions } from './widget-queries';

type Point = [number, Array<{ count: number | null }>];

interface Props {
  org: string;
  widget: Widget;
  filters: QueryFilters;
  /** The body's height in pixels. */
  height: number;
}

export function WidgetDiscover(props: Props) {
  if (props.widget.kind === 'table') return <WidgetTable {...props} />;
  if (props.widget.kind === 'number') return <WidgetNumber {...props} />;
  return <WidgetChart {...props} />;
}

function WidgetChart({ org, widget, filters, height }: Props) {
  const series = useQuery(widgetSeriesOptions(org, widget.query, filters));
  const yAxis = yAxisOfFields(fieldsOfRaw(widget.query));
  const option = useMemo(() => {
    const points = ((series.data as { data?: Point[] } | undefined)?.data ?? []).map(
      ([at, [value]]) => [at * 1000, value?.count ?? 0] as const,
    );
    return {
      animation: false,
      grid: { left: 44, right: 12, top: 12, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: widget.kind === 'bar' ? 'bar' : 'line',
          name: yAxis,
          showSymbol: false,
          ...(widget.kind === 'area' ? { areaStyle: { opacity: 0.25 } } : {}),
          data: points,
        },
      ],
    };
  }, [series.data, yAxis, widget.kind]);
  if (!series.data) return <WidgetState query={series} />;
  return <EChart option={option} height={height} label={`${widget.title}: ${yAxis} over time`} />;
}

function WidgetTable({ org, widget, filters, height }: Props) {
  const rows = Math.max(3, Math.floor((height - 32) / 30));
  const table = useQuery(widgetTableOptions(org, widget.query, filters, rows));
  if (!table.data) return <WidgetState query={table} />;
  const fields = Object.keys(table.data.meta.fields);
  return (
    <div style={{ height, overflow: 'auto' }}>
      <Table striped highlightOnHover withRowBorders={false} fz="xs" aria-label={`${widget.title} rows`}>
        <Table.Thead>
          <Table.Tr>
            {fields.map((field) => (
              <Table.Th key={field}>{field}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.data.data.map((row, index) => (
            // Rows of an aggregate have no id of their own; their order is the query's sort.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Table.Tr key={index}>
              {fields.map((field) => (
                <Table.Td key={field}>{String(row[field] ?? '')}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

const bigNumber = (result: DiscoverResult, field: string) => {
  const value = result.data[0]?.[field];
  return typeof value === 'number'
    ? value.toLocaleString('en-US', { maximumFractionDigits: 2 })
    : String(value ?? '–');
};

function WidgetNumber({ org, widget, filters, height }: Props) {
  const table = useQuery(widgetTableOptions(org, widget.query, filters, 1));
  if (!table.data) return <WidgetState query={table} />;
  const field = yAxisOfFields(Object.keys(table.data.meta.fields));
  return (
    <div
      style={{
        height,
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        alignItems: 'center',
      }}
    >
      <Text fz={40} fw={700} lh={1.1} aria-label={`${widget.title} value`}>
        {bigNumber(table.data, field)}
      </Text>
      <Text size="xs" c="dimmed">
        {field}
      </Text>
    </div>
  );
}
