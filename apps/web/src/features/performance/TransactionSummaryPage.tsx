/**
 * One transaction's summary: its throughput, percentiles, failure rate and Apdex; throughput and
 * p95 over the period; the distribution of its durations; the span operations and spans where
 * its time goes (database, HTTP, …); and its slowest traces, each opening the trace view.
 */
import { Anchor, Card, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { EChart } from '../../components/EChart';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { tracePath } from '../traces/traces-queries';
import { PerformanceFiltersBar, usePerformanceFilters } from './PerformanceFiltersBar';
import {
  formatMs,
  formatPercent,
  formatThroughput,
  performancePath,
  type SpanGroup,
  summaryOptions,
  type TransactionSummary,
  throughputScale,
} from './performance-queries';

export function TransactionSummaryPage() {
  const org = useParams().org ?? '';
  const transaction = useSearchParams()[0].get('transaction') ?? '';
  const [filters] = usePerformanceFilters();
  const summary = useQuery({ ...summaryOptions(org, transaction, filters), enabled: transaction !== '' });
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Anchor component={Link} to={performancePath(org, { ...filters, project: '' })} size="sm">
          ← Performance
        </Anchor>
        <Title order={2}>{transaction || 'Transaction'}</Title>
        {filters.project ? (
          <Text c="dimmed" size="sm">
            Service {filters.project}
          </Text>
        ) : null}
      </Stack>
      <PerformanceFiltersBar showProject={false} />
      {transaction === '' ? (
        <EmptyMessage
          title="No transaction chosen"
          description="Open a transaction from the Performance page."
        />
      ) : summary.isError ? (
        <ErrorState
          title="Could not load the transaction"
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      ) : !summary.data ? (
        <Skeleton height={500} />
      ) : summary.data.figures.count === 0 ? (
        <EmptyMessage title="No transactions in this period" description="Try a longer period." />
      ) : (
        <SummaryBody org={org} summary={summary.data} />
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`figure-${label}`}>
        {value}
      </Text>
    </Card>
  );
}

function SummaryBody({ org, summary }: { org: string; summary: TransactionSummary }) {
  const f = summary.figures;
  const overTime = useMemo(() => {
    const { unit, factor } = throughputScale(summary.throughputSeries);
    return {
      animation: false,
      grid: { left: 56, right: 56, top: 32, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'time' },
      yAxis: [
        { type: 'value', name: `transactions ${unit}`, minInterval: 0.1 },
        { type: 'value', name: 'ms', splitLine: { show: false } },
      ],
      series: [
        {
          type: 'line',
          name: `Throughput (${unit})`,
          showSymbol: false,
          areaStyle: { opacity: 0.15 },
          data: summary.throughputSeries.map(([t, value]) => [t, value * factor]),
        },
        { type: 'line', name: 'p95 (ms)', yAxisIndex: 1, showSymbol: false, data: summary.p95Series },
      ],
    };
  }, [summary]);
  const histogram = useMemo(
    () => ({
      animation: false,
      grid: { left: 48, right: 16, top: 32, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        name: 'duration',
        nameLocation: 'middle',
        nameGap: 26,
        data: summary.histogram.map((b) => formatMs(b.from)),
      },
      yAxis: { type: 'value', minInterval: 1, name: 'transactions' },
      series: [{ type: 'bar', name: 'Transactions', data: summary.histogram.map((b) => b.count) }],
    }),
    [summary],
  );
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="sm">
        <Figure label="Throughput" value={formatThroughput(f.throughput)} />
        <Figure label="Count" value={String(f.count)} />
        <Figure label="p50" value={formatMs(f.p50)} />
        <Figure label="p75" value={formatMs(f.p75)} />
        <Figure label="p95" value={formatMs(f.p95)} />
        <Figure label="p99" value={formatMs(f.p99)} />
        <Figure label="Failure rate" value={formatPercent(f.failureRate)} />
        <Figure label={`Apdex (${summary.apdexThresholdMs} ms)`} value={f.apdex?.toFixed(2) ?? '–'} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder>
          <Text fw={600} size="sm">
            Throughput and p95 over time
          </Text>
          <EChart option={overTime} height={240} label="Throughput and p95 over time" />
        </Card>
        <Card withBorder>
          <Text fw={600} size="sm">
            Duration distribution{' '}
            <Text span c="dimmed" size="xs">
              (estimated from 14 percentiles)
            </Text>
          </Text>
          <EChart option={histogram} height={240} label="Duration histogram" />
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <SpanTable title="Slowest operations" groups={summary.slowestOperations} withDescription={false} />
        <SpanTable title="Slowest spans" groups={summary.slowestSpans} withDescription />
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} size="sm" mb="xs">
          Slowest traces
        </Text>
        <Table data-testid="slowest-traces">
          <Table.Tbody>
            {summary.slowestTraces.map((trace) => (
              <Table.Tr key={trace.traceId}>
                <Table.Td>
                  <Anchor component={Link} to={tracePath(org, trace.traceId)} ff="monospace" size="sm">
                    {trace.traceId.slice(0, 16)}…
                  </Anchor>
                </Table.Td>
                <Table.Td>{trace.project}</Table.Td>
                <Table.Td ta="right">{formatMs(trace.duration)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}

function SpanTable({
  title,
  groups,
  withDescription,
}: {
  title: string;
  groups: SpanGroup[];
  withDescription: boolean;
}) {
  return (
    <Card withBorder>
      <Text fw={600} size="sm" mb="xs">
        {title}
      </Text>
      {groups.length === 0 ? (
        <Text c="dimmed" size="sm">
          No child spans in this period.
        </Text>
      ) : (
        <Table data-testid={withDescription ? 'slowest-spans' : 'slowest-operations'}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Operation</Table.Th>
              {withDescription ? <Table.Th>Description</Table.Th> : null}
              <Table.Th ta="right">Count</Table.Th>
              <Table.Th ta="right">p95</Table.Th>
              <Table.Th ta="right">Total time</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((group) => (
              <Table.Tr key={`${group.op}/${group.description ?? ''}`}>
                <Table.Td>{group.op || '(none)'}</Table.Td>
                {withDescription ? (
                  <Table.Td maw={320}>
                    <Text size="sm" truncate="end" title={group.description ?? ''}>
                      {group.description}
                    </Text>
                  </Table.Td>
                ) : null}
                <Table.Td ta="right">{group.count}</Table.Td>
                <Table.Td ta="right">{formatMs(group.p95)}</Table.Td>
                <Table.Td ta="right">{formatMs(group.totalMs)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
