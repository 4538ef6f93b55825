/** The issues whose error rate moves most with a metric, strongest |r| first; a row charts its issue. */
import { Anchor, Badge, Button, Skeleton, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { EmptyMessage } from '../../../components/EmptyMessage';
import { ErrorState } from '../../../components/ErrorState';
import { formatP } from './correlation-format';
import { type CorrelationTarget, correlatedIssuesQueryOptions } from './correlation-queries';

interface CorrelatedIssuesTableProps {
  org: string;
  target: Omit<CorrelationTarget, 'issueId'>;
  metricName: string;
  selected: string | null;
  onSelect: (issueId: string) => void;
}

const lagShown = (lag: number) => (lag === 0 ? '0 h' : `${lag > 0 ? '+' : '−'}${Math.abs(lag)} h`);

export function CorrelatedIssuesTable({
  org,
  target,
  metricName,
  selected,
  onSelect,
}: CorrelatedIssuesTableProps) {
  const issues = useQuery(correlatedIssuesQueryOptions(org, target));
  if (issues.isError) {
    return (
      <ErrorState
        title="Could not rank the issues"
        error={issues.error}
        onRetry={() => void issues.refetch()}
      />
    );
  }
  if (!issues.data) return <Skeleton height={160} />;
  if (issues.data.items.length === 0) {
    return <EmptyMessage title="No issues" description="No unresolved issue had events in the period." />;
  }
  return (
    <Table
      striped
      highlightOnHover
      verticalSpacing={4}
      aria-label={`Issues by correlation with ${metricName}`}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Issue</Table.Th>
          <Table.Th ta="right">Events</Table.Th>
          <Table.Th ta="right">r</Table.Th>
          <Table.Th ta="right" title="Positive: the metric moves after the issue">
            Lag
          </Table.Th>
          <Table.Th ta="right">p</Table.Th>
          <Table.Th />
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {issues.data.items.map((item) => (
          <Table.Tr
            key={item.issueId}
            bg={item.issueId === selected ? 'var(--mantine-color-blue-light)' : undefined}
          >
            <Table.Td maw={520}>
              <Anchor
                component={Link}
                to={`/${encodeURIComponent(org)}/issues/${item.issueId}`}
                size="sm"
                lineClamp={1}
              >
                <Text span ff="monospace" size="xs" c="dimmed" mr={6}>
                  {item.shortId}
                </Text>
                {item.title}
              </Anchor>
            </Table.Td>
            <Table.Td ta="right">{item.events.toLocaleString('en-US')}</Table.Td>
            {item.result ? (
              <>
                <Table.Td ta="right">{item.result.r.toFixed(2)}</Table.Td>
                <Table.Td ta="right">{lagShown(item.result.lag)}</Table.Td>
                <Table.Td ta="right">{formatP(item.result.pValue)}</Table.Td>
                <Table.Td>
                  <Badge color={item.result.significant ? 'teal' : 'gray'} variant="light" size="sm">
                    {item.result.significant ? 'significant' : 'not significant'}
                  </Badge>
                </Table.Td>
              </>
            ) : (
              <Table.Td colSpan={4}>
                <Text size="xs" c="dimmed">
                  {item.reason}
                </Text>
              </Table.Td>
            )}
            <Table.Td ta="right">
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => onSelect(item.issueId)}
                aria-label={`Chart ${item.shortId}`}
              >
                Chart
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
