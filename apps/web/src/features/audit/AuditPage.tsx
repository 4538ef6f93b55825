import type { AuditResult } from '@dexter/contracts';
import { Badge, Button, Code, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { type AuditFilters, auditExportUrl, auditQueryOptions } from './audit-queries';

const RESULT_COLOR: Record<AuditResult, string> = { success: 'green', denied: 'orange', failure: 'red' };

/** Every mutation, sign-in and failed sign-in: who, when, what, which ids, result, from where. */
export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const [debounced] = useDebouncedValue(filters, 300);
  const audit = useInfiniteQuery(auditQueryOptions(debounced));
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  const set = (key: keyof AuditFilters) => (value: string | null) =>
    setFilters((f) => ({ ...f, [key]: value || undefined }));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Audit log</Title>
        <Group gap="xs">
          <Button
            component="a"
            href={auditExportUrl(debounced, 'csv')}
            download
            variant="default"
            size="xs"
            data-testid="audit-export-csv"
          >
            Export CSV
          </Button>
          <Button component="a" href={auditExportUrl(debounced, 'json')} download variant="default" size="xs">
            Export JSON
          </Button>
        </Group>
      </Group>
      <Group gap="sm">
        <TextInput
          label="User"
          placeholder="admin"
          value={filters.actor ?? ''}
          onChange={(e) => set('actor')(e.currentTarget.value)}
          data-testid="audit-filter-actor"
        />
        <TextInput
          label="Action"
          placeholder="issues.update"
          value={filters.action ?? ''}
          onChange={(e) => set('action')(e.currentTarget.value)}
          data-testid="audit-filter-action"
        />
        <TextInput
          label="Target id"
          placeholder="issue or user id"
          value={filters.target ?? ''}
          onChange={(e) => set('target')(e.currentTarget.value)}
        />
        <Select
          label="Result"
          clearable
          data={['success', 'denied', 'failure']}
          value={filters.result ?? null}
          onChange={set('result')}
          w={140}
        />
      </Group>
      {audit.isError && (
        <ErrorState
          title="Could not load the audit log"
          error={audit.error}
          onRetry={() => audit.refetch()}
        />
      )}
      {audit.isPending && <PageLoader />}
      {audit.isSuccess && entries.length === 0 && (
        <EmptyMessage title="No entries" description="Nothing matches these filters." />
      )}
      {entries.length > 0 && (
        <Table striped highlightOnHover data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Targets</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>From</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id} data-testid="audit-row">
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {entry.at.replace('T', ' ').slice(0, 19)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {entry.actor.name ?? '—'}
                  {entry.actor.kind === 'token' && (
                    <Badge size="xs" variant="light" ml={6}>
                      token
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{entry.action}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {Object.entries(entry.targets)
                      .map(([key, value]) => `${key}=${value}`)
                      .join(' ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={RESULT_COLOR[entry.result]} variant="light">
                    {entry.result} {entry.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.sourceIp ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {audit.hasNextPage && (
        <Button variant="default" onClick={() => audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
