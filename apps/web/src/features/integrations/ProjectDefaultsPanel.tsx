/**
 * Per connection and Dexter project: where new tickets go, which labels they get and who is
 * assigned. The server checks each field the vendor's way; its "Invalid body.<field>" answer is
 * shown under that field.
 */
import type { Connection, IntegrationVendor, ProjectDefaults } from '@dexter/contracts';
import { Button, Group, Paper, Select, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { projectsQueryOptions } from '../organizations/organizations-queries';
import { defaultsQueryOptions, useDeleteDefaults, useSaveDefaults } from './integrations-queries';

const HINTS: Record<IntegrationVendor, { target: string; assignee: string }> = {
  github: { target: 'owner/repo', assignee: 'GitHub login' },
  gitlab: { target: 'group/project', assignee: 'GitLab user id (number)' },
  jira: { target: 'Project key', assignee: 'Jira account id' },
  linear: { target: 'Team id', assignee: 'Linear user id' },
};

const FIELDS = ['project', 'target', 'labels', 'assignee'] as const;
const fieldOf = (message: string) =>
  FIELDS.find((field) => message.startsWith(`Invalid body.${field}`)) ?? null;

export function ProjectDefaultsPanel({ org, connections }: { org: string; connections: Connection[] }) {
  const [connectionId, setConnectionId] = useState<string | null>(connections[0]?.id ?? null);
  const connection = connections.find((item) => item.id === connectionId) ?? connections[0];
  if (!connection) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Project defaults">
      <Stack gap="sm">
        <Group justify="space-between" align="end">
          <div>
            <Title order={3} fz="md">
              Project defaults
            </Title>
            <Text size="sm" c="dimmed">
              Where a ticket made from a project's issues goes, its labels and its assignee.
            </Text>
          </div>
          <Select
            label="Connection"
            data={connections.map((item) => ({ value: item.id, label: item.name }))}
            value={connection.id}
            onChange={setConnectionId}
            allowDeselect={false}
            w={220}
          />
        </Group>
        <DefaultsForm key={connection.id} org={org} connection={connection} />
        <DefaultsTable org={org} connection={connection} />
      </Stack>
    </Paper>
  );
}

function DefaultsForm({ org, connection }: { org: string; connection: Connection }) {
  const projects = useQuery(projectsQueryOptions(org));
  const save = useSaveDefaults(org, connection.id);
  const hints = HINTS[connection.vendor];
  const form = useForm({
    initialValues: { project: '', target: '', labels: [] as string[], assignee: '' },
    validate: { project: (value) => (value ? null : 'Choose a project') },
  });
  const submit = form.onSubmit((values) =>
    save.mutate(
      {
        project: values.project,
        target: values.target.trim() || null,
        labels: values.labels,
        assignee: values.assignee.trim() || null,
      },
      {
        onError: (error) => {
          const field = fieldOf(error.message);
          if (field) form.setFieldError(field, error.message.replace(/^Invalid body\.\w+: /, ''));
        },
      },
    ),
  );
  const unplaced = save.error && !fieldOf(save.error.message) ? save.error.message : null;
  return (
    <form onSubmit={submit} aria-label="Project defaults form">
      <Group align="start" grow>
        <Select
          label="Project"
          placeholder="Choose"
          data={(projects.data?.projects ?? []).map((project) => project.slug)}
          searchable
          {...form.getInputProps('project')}
        />
        <TextInput
          label="Tickets go to"
          placeholder={`${hints.target} (default ${connection.target})`}
          {...form.getInputProps('target')}
        />
        <TagsInput label="Labels" placeholder="Enter to add" maxTags={20} {...form.getInputProps('labels')} />
        <TextInput label="Assignee" placeholder={hints.assignee} {...form.getInputProps('assignee')} />
      </Group>
      {unplaced && (
        <Text size="sm" c="red" role="alert" mt="xs">
          {unplaced}
        </Text>
      )}
      <Group mt="sm">
        <Button type="submit" loading={save.isPending}>
          Save defaults
        </Button>
      </Group>
    </form>
  );
}

function DefaultsTable({ org, connection }: { org: string; connection: Connection }) {
  const defaults = useQuery(defaultsQueryOptions(org, connection.id));
  const remove = useDeleteDefaults(org, connection.id);
  const items = defaults.data?.items ?? [];
  if (defaults.error) return <Text c="red">Could not load defaults: {defaults.error.message}</Text>;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No project defaults: tickets go to {connection.target}, unassigned.
      </Text>
    );
  return (
    <Table verticalSpacing={4} aria-label="Saved project defaults">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Project</Table.Th>
          <Table.Th>Tickets go to</Table.Th>
          <Table.Th>Labels</Table.Th>
          <Table.Th>Assignee</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item: ProjectDefaults) => (
          <Table.Tr key={item.project}>
            <Table.Td>{item.project}</Table.Td>
            <Table.Td>{item.target ?? `${connection.target} (connection's)`}</Table.Td>
            <Table.Td>{item.labels.join(', ') || '—'}</Table.Td>
            <Table.Td>{item.assignee ?? '—'}</Table.Td>
            <Table.Td>
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => remove.mutate(item.project)}
                aria-label={`Remove defaults of ${item.project}`}
              >
                Remove
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
