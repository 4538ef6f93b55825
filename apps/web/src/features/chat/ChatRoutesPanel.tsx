/**
 * Routing: which project's, team's or alert rule's issues post to which channel of which
 * connection, with optional quiet hours (held, then sent as one digest when they end) and an
 * hourly or daily digest instead of one message per issue.
 */
import type { ChatConnection, ChatRoute, ChatRouteCreate } from '@dexter/contracts';
import { Button, Checkbox, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { projectsQueryOptions } from '../organizations/organizations-queries';
import { chatRoutesQueryOptions, useCreateChatRoute, useDeleteChatRoute } from './chat-queries';

type MatchKind = 'project' | 'team' | 'alertRule';
const MATCH_KINDS: Array<{ value: MatchKind; label: string }> = [
  { value: 'project', label: 'Project' },
  { value: 'team', label: 'Team' },
  { value: 'alertRule', label: 'Alert rule' },
];
const DIGESTS = [
  { value: 'off', label: 'Each issue' },
  { value: 'hourly', label: 'Hourly digest' },
  { value: 'daily', label: 'Daily digest (09:00)' },
];
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function matchOf(route: ChatRoute): string {
  if (route.project) return route.project;
  if (route.team) return `team #${route.team}`;
  return `alert rule ${route.alertRule}`;
}

function scheduleOf(route: ChatRoute): string {
  const parts: string[] = [];
  if (route.quietHours)
    parts.push(`quiet ${route.quietHours.start}–${route.quietHours.end} ${route.quietHours.timeZone}`);
  if (route.digest !== 'off') parts.push(`${route.digest} digest`);
  return parts.length > 0 ? parts.join(' · ') : 'at once';
}

export function ChatRoutesPanel({ org, connections }: { org: string; connections: ChatConnection[] }) {
  const routes = useQuery(chatRoutesQueryOptions(org));
  const projects = useQuery(projectsQueryOptions(org));
  const create = useCreateChatRoute(org);
  const remove = useDeleteChatRoute(org);
  const [kind, setKind] = useState<MatchKind>('project');
  const [project, setProject] = useState<string | null>(null);
  const [matchValue, setMatchValue] = useState('');
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [channel, setChannel] = useState('');
  const [digest, setDigest] = useState<'off' | 'hourly' | 'daily'>('off');
  const [quiet, setQuiet] = useState(false);
  const [timeZone, setTimeZone] = useState(browserZone);
  const [quietStart, setQuietStart] = useState('22:00');
  const [quietEnd, setQuietEnd] = useState('07:00');
  const chosen = connections.find((connection) => connection.id === connectionId);
  const nameOf = (id: string) => connections.find((connection) => connection.id === id)?.name ?? `#${id}`;
  const target = kind === 'project' ? project : matchValue.trim();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!target || !connectionId) return;
    const body: ChatRouteCreate = {
      connectionId,
      [kind]: target,
      channel: chosen?.kind === 'teams' ? 'webhook' : channel,
      digest,
      quietHours: quiet ? { timeZone, start: quietStart, end: quietEnd } : null,
    };
    create.mutate(body, { onSuccess: () => setChannel('') });
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
                <Table.Th>Issues of</Table.Th>
                <Table.Th>Posts to</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {routes.data.items.map((route) => (
                <Table.Tr key={route.id} data-testid={`chat-route-${route.id}`}>
                  <Table.Td>{matchOf(route)}</Table.Td>
                  <Table.Td>
                    {nameOf(route.connectionId)}
                    {route.channel === 'webhook' ? '' : ` · #${route.channel}`}
                  </Table.Td>
                  <Table.Td>{scheduleOf(route)}</Table.Td>
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
            label="Issues of"
            data={MATCH_KINDS}
            value={kind}
            onChange={(value) => setKind((value as MatchKind | null) ?? 'project')}
            allowDeselect={false}
            w={130}
            data-testid="route-kind"
          />
          {kind === 'project' ? (
            <Select
              label="Project"
              placeholder="Choose a project"
              data={(projects.data?.projects ?? []).map((one) => ({ value: one.slug, label: one.name }))}
              value={project}
              onChange={setProject}
              required
              data-testid="route-project"
            />
          ) : (
            <TextInput
              label={kind === 'team' ? 'Team slug' : 'Alert rule id'}
              placeholder={kind === 'team' ? 'backend' : '12'}
              value={matchValue}
              onChange={(e) => setMatchValue(e.currentTarget.value)}
              required
              data-testid="route-match"
            />
          )}
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
          <Select
            label="Send"
            data={DIGESTS}
            value={digest}
            onChange={(value) => setDigest((value as typeof digest | null) ?? 'off')}
            allowDeselect={false}
            w={190}
            data-testid="route-digest"
          />
        </Group>
        <Group align="end" wrap="nowrap">
          <Checkbox
            label="Quiet hours"
            checked={quiet}
            onChange={(e) => setQuiet(e.currentTarget.checked)}
            mb={8}
            data-testid="route-quiet"
          />
          {quiet && (
            <>
              <TextInput
                label="From"
                value={quietStart}
                onChange={(e) => setQuietStart(e.currentTarget.value)}
                w={90}
                data-testid="route-quiet-start"
              />
              <TextInput
                label="To"
                value={quietEnd}
                onChange={(e) => setQuietEnd(e.currentTarget.value)}
                w={90}
                data-testid="route-quiet-end"
              />
              <TextInput
                label="Time zone"
                value={timeZone}
                onChange={(e) => setTimeZone(e.currentTarget.value)}
                w={200}
                data-testid="route-quiet-zone"
              />
            </>
          )}
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!target || !connectionId}
            data-testid="route-add"
            ml="auto"
          >
            Add route
          </Button>
        </Group>
        {quiet && (
          <Text size="xs" c="dimmed">
            Messages during quiet hours are held and sent as one digest when they end.
          </Text>
        )}
        {(create.error ?? remove.error) && (
          <Text size="sm" c="red" role="alert">
            {(create.error ?? remove.error)?.message}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
