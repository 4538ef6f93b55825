/**
 * A widget over a Discover query: its first function over time as a line, bar or area chart (a
 * grouped query draws its top groups and "Other", stacked for bars and areas), its first rows as a
 * table, or the first row's first function as one big number.
 */
import type { DiscoverResult, Widget } from '@dexter/contracts';
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { EChart } from '../../components/EChart';
import { discoverChartOption } from '../../lib/discover-chart-option';
import { chartSeriesOf, fieldsOfRaw, type QueryFilters, yAxisOfFields } from '../../lib/discover-raw-query';
import { WidgetState } from './WidgetState';
import { widgetSeriesOptions, widgetTableOptions } from './widget-queries';

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
  const kind = widget.kind === 'bar' ? 'bar' : widget.kind === 'area' ? 'area' : 'line';
  const option = useMemo(
    () => discoverChartOption(chartSeriesOf(series.data, yAxis), { kind, compact: true }),
    [series.data, yAxis, kind],
  );
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
