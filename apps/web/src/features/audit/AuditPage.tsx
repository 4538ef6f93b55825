import { type AuditResult, AuditResultSchema } from '@dexter/contracts';
import { Badge, Button, Code, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { type AuditFilters, auditExportUrl, auditQueryOptions } from './audit-queries';

const RESULT_COLOR: Record<AuditResult, string> = { success: 'green', denied: 'orange', failure: 'red' };

interface FilterValues {
  actor: string;
  action: string;
  target: string;
  result: AuditResult | null;
}

/** An empty field filters nothing. */
const filtersOf = ({ actor, action, target, result }: FilterValues): AuditFilters => ({
  actor: actor || undefined,
  action: action || undefined,
  target: target || undefined,
  result: result ?? undefined,
});

/** Every mutation, sign-in and failed sign-in: who, when, what, which ids, result, from where. */
export function AuditPage() {
  const form = useForm<FilterValues>({ initialValues: { actor: '', action: '', target: '', result: null } });
  const [debounced] = useDebouncedValue(form.values, 300);
  const filters = filtersOf(debounced);
  const audit = useInfiniteQuery(auditQueryOptions(filters));
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Audit log</Title>
        <Group gap="xs">
          <Button
            component="a"
            href={auditExportUrl(filters, 'csv')}
            download
            variant="default"
            size="xs"
            data-testid="audit-export-csv"
          >
            Export CSV
          </Button>
          <Button component="a" href={auditExportUrl(filters, 'json')} download variant="default" size="xs">
            Export JSON
          </Button>
        </Group>
      </Group>
      <Group gap="sm">
        <TextInput
          label="User"
          placeholder="admin"
          data-testid="audit-filter-actor"
          {...form.getInputProps('actor')}
        />
        <TextInput
          label="Action"
          placeholder="issues.update"
          data-testid="audit-filter-action"
          {...form.getInputProps('action')}
        />
        <TextInput label="Target id" placeholder="issue or user id" {...form.getInputProps('target')} />
        <Select
          label="Result"
          clearable
          data={AuditResultSchema.options}
          w={140}
          {...form.getInputProps('result')}
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
