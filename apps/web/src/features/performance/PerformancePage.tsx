/**
 * The performance overview: every transaction of every service over the period with its
 * throughput, p50/p95, failure rate and Apdex, and how its p95 moved against the previous period
 * of the same length. The worst-moving transactions come first (regressions at the top); a
 * transaction opens its summary.
 */
import { Anchor, Badge, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PerformanceFiltersBar, usePerformanceFilters } from './PerformanceFiltersBar';
import {
  formatMs,
  formatPercent,
  formatThroughput,
  overviewOptions,
  serviceGraphPath,
  summaryPath,
  type TransactionsOverview,
} from './performance-queries';

export function PerformancePage() {
  const org = useParams().org ?? '';
  const [filters] = usePerformanceFilters();
  const overview = useQuery(overviewOptions(org, filters));
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Performance</Title>
        <Anchor component={Link} to={serviceGraphPath(org, filters)} data-testid="service-graph-link">
          Service graph
        </Anchor>
      </Group>
      <PerformanceFiltersBar />
      {overview.isError ? (
        <ErrorState
          title="Could not load the transactions"
          error={overview.error}
          onRetry={() => void overview.refetch()}
        />
      ) : !overview.data ? (
        <Skeleton height={300} />
      ) : overview.data.transactions.length === 0 ? (
        <EmptyMessage
          title="No transactions in this period"
          description="Transactions appear once an SDK with tracing on (tracesSampleRate above 0) sends them."
        />
      ) : (
        <TransactionsTable org={org} overview={overview.data} />
      )}
    </Stack>
  );
}

function ChangeBadge({ change }: { change: number | null }) {
  if (change === null)
    return (
      <Text c="dimmed" size="sm">
        new
      </Text>
    );
  const worse = change > 0.1;
  const better = change < -0.1;
  return (
    <Badge color={worse ? 'red' : better ? 'teal' : 'gray'} variant="light">
      {change > 0 ? '+' : ''}
      {(change * 100).toFixed(0)} %
    </Badge>
  );
}

function TransactionsTable({ org, overview }: { org: string; overview: TransactionsOverview }) {
  const [filters] = usePerformanceFilters();
  return (
    <Table striped highlightOnHover data-testid="transactions-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Transaction</Table.Th>
          <Table.Th>Service</Table.Th>
          <Table.Th ta="right">Throughput</Table.Th>
          <Table.Th ta="right">p50</Table.Th>
          <Table.Th ta="right">p95</Table.Th>
          <Table.Th ta="right">p95 vs previous</Table.Th>
          <Table.Th ta="right">Failure rate</Table.Th>
          <Table.Th ta="right">Apdex ({overview.apdexThresholdMs} ms)</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {overview.transactions.map((row) => (
          <Table.Tr key={`${row.project}/${row.transaction}`}>
            <Table.Td>
              <Anchor
                component={Link}
                to={summaryPath(org, row.transaction, { ...filters, project: row.project })}
                size="sm"
              >
                {row.transaction || '(unnamed)'}
              </Anchor>
            </Table.Td>
            <Table.Td>{row.project}</Table.Td>
            <Table.Td ta="right">
              {formatThroughput(row.throughput)}
              <Text span c="dimmed" size="xs">
                {' '}
                ({row.count})
              </Text>
            </Table.Td>
            <Table.Td ta="right">{formatMs(row.p50)}</Table.Td>
            <Table.Td ta="right">{formatMs(row.p95)}</Table.Td>
            <Table.Td ta="right">
              <ChangeBadge change={row.p95Change} />
            </Table.Td>
            <Table.Td ta="right" c={(row.failureRate ?? 0) > 0.05 ? 'red' : undefined}>
              {formatPercent(row.failureRate)}
            </Table.Td>
            <Table.Td ta="right">{row.apdex === null ? '–' : row.apdex.toFixed(2)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
