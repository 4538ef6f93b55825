/** Routing: which project's new and regressed issues post to which channel of which connection. */
import type { ChatConnection } from '@dexter/contracts';
import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { projectsQueryOptions } from '../organizations/organizations-queries';
import { chatRoutesQueryOptions, useCreateChatRoute, useDeleteChatRoute } from './chat-queries';

export function ChatRoutesPanel({ org, connections }: { org: string; connections: ChatConnection[] }) {
  const routes = useQuery(chatRoutesQueryOptions(org));
  const projects = useQuery(projectsQueryOptions(org));
  const create = useCreateChatRoute(org);
  const remove = useDeleteChatRoute(org);
  const [project, setProject] = useState<string | null>(null);
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [channel, setChannel] = useState('');
  const chosen = connections.find((connection) => connection.id === connectionId);
  const nameOf = (id: string) => connections.find((connection) => connection.id === id)?.name ?? `#${id}`;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!project || !connectionId) return;
    create.mutate(
      { project, connectionId, channel: chosen?.kind === 'teams' ? 'webhook' : channel },
      { onSuccess: () => setChannel('') },
    );
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Routing">
      <Stack gap="sm">
        <Title order={3} fz="md">
          Routing
        </Title>
        {routes.error && <Text c="red">Could not load routes: {routes.error.message}</Text>}
        {routes.data && routes.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            No project posts to chat yet.
          </Text>
        )}
        {routes.data && routes.data.items.length > 0 && (
          <Table verticalSpacing={4} aria-label="Routes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Project</Table.Th>
                <Table.Th>Posts to</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {routes.data.items.map((route) => (
                <Table.Tr key={route.id} data-testid={`chat-route-${route.id}`}>
                  <Table.Td>{route.project}</Table.Td>
                  <Table.Td>
                    {nameOf(route.connectionId)}
                    {route.channel === 'webhook' ? '' : ` · #${route.channel}`}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.mutate(route.id)}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="end" wrap="nowrap">
          <Select
            label="Project"
            placeholder="Choose a project"
            data={(projects.data?.projects ?? []).map((one) => ({ value: one.slug, label: one.name }))}
            value={project}
            onChange={setProject}
            required
            data-testid="route-project"
          />
          <Select
            label="Connection"
            placeholder={connections.length === 0 ? 'Connect first' : 'Choose'}
            data={connections.map((one) => ({ value: one.id, label: one.name }))}
            value={connectionId}
            onChange={setConnectionId}
            required
            data-testid="route-connection"
          />
          {chosen?.kind !== 'teams' && (
            <TextInput
              label="Slack channel"
              placeholder="#alerts or C0123ABCD"
              value={channel}
              onChange={(e) => setChannel(e.currentTarget.value)}
              required
              data-testid="route-channel"
            />
          )}
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!project || !connectionId}
            data-testid="route-add"
          >
            Add route
          </Button>
        </Group>
        {(create.error ?? remove.error) && (
          <Text size="sm" c="red" role="alert">
            {(create.error ?? remove.error)?.message}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
