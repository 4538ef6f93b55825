/**
 * Admin page for chat: connect a Slack workspace (bot token and signing secret, both sealed on the
 * server) or a Microsoft Teams channel (an incoming-webhook or Workflows URL), see where to point
 * the Slack app's Interactivity and Event Subscriptions, test or remove a connection, route each
 * project's new and regressed issues to a channel, and preview the message Dexter posts.
 */
import type { ChatConnection, ChatConnectionCreate, ChatKind } from '@dexter/contracts';
import {
  Button,
  Code,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { ChatDeliveryLog } from './ChatDeliveryLog';
import { ChatRoutesPanel } from './ChatRoutesPanel';
import {
  chatConnectionsQueryOptions,
  useCreateChatConnection,
  useDeleteChatConnection,
  useTestChatConnection,
} from './chat-queries';
import { SlackMessagePreview } from './SlackMessagePreview';

const KINDS: Array<{ value: ChatKind; label: string }> = [
  { value: 'slack', label: 'Slack' },
  { value: 'teams', label: 'Microsoft Teams' },
];

export function ChatPage() {
  const org = useParams().org ?? '';
  const connections = useQuery(chatConnectionsQueryOptions(org));
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Title order={2}>Chat</Title>
      <Text size="sm" c="dimmed">
        New and regressed issues posted to Slack or Microsoft Teams. In Slack, each issue gets one thread per
        channel: later alerts and status changes go there, its buttons resolve, ignore and assign the issue,
        and replies become comments.
      </Text>
      <ConnectionsTable org={org} items={connections.data?.items ?? null} error={connections.error} />
      <ConnectForm org={org} />
      <ChatRoutesPanel org={org} connections={connections.data?.items ?? []} />
      <ChatDeliveryLog org={org} connections={connections.data?.items ?? []} />
      <SlackMessagePreview />
    </Stack>
  );
}

function ConnectionsTable({
  org,
  items,
  error,
}: {
  org: string;
  items: ChatConnection[] | null;
  error: Error | null;
}) {
  if (error) return <Text c="red">Could not load chat connections: {error.message}</Text>;
  if (!items) return <Text c="dimmed">Loading chat connections…</Text>;
  if (items.length === 0) return <Text c="dimmed">No chat connections yet.</Text>;
  return (
    <Paper withBorder>
      <Table verticalSpacing="xs" aria-label="Chat connections">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Slack app request URLs</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <ConnectionRow key={item.id} org={org} connection={item} />
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function ConnectionRow({ org, connection }: { org: string; connection: ChatConnection }) {
  const test = useTestChatConnection(org);
  const remove = useDeleteChatConnection(org);
  return (
    <Table.Tr data-testid={`chat-connection-${connection.id}`}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {connection.name}
        </Text>
        <Text size="xs" c="dimmed">
          {KINDS.find((kind) => kind.value === connection.kind)?.label}
          {connection.botUserId ? ` · bot ${connection.botUserId}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        {connection.kind === 'slack' ? (
          <Stack gap={2}>
            <Text size="xs">
              Interactivity: <Code>{connection.interactivityUrl}</Code>
            </Text>
            <Text size="xs">
              Events (message.channels): <Code>{connection.eventsUrl}</Code>
            </Text>
          </Stack>
        ) : (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              Posts cards that open the issue in Dexter.
            </Text>
            <Text size="xs">
              Outgoing webhook callback: <Code>{connection.outgoingWebhookUrl}</Code>
            </Text>
          </Stack>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            loading={test.isPending}
            onClick={() => test.mutate(connection.id)}
          >
            Test
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(connection.id)}
          >
            Remove
          </Button>
        </Group>
        {test.data && (
          <Text size="xs" c={test.data.ok ? 'green' : 'red'} maw={320} data-testid="chat-test-result">
            {test.data.detail}
          </Text>
        )}
        {(test.error ?? remove.error) && (
          <Text size="xs" c="red">
            {(test.error ?? remove.error)?.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ConnectForm({ org }: { org: string }) {
  const [kind, setKind] = useState<ChatKind>('slack');
  const [name, setName] = useState('');
  const [botToken, setBotToken] = useState('');
  const [signingSecret, setSigningSecret] = useState('');
  const [apiUrl, setApiUrl] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [outgoingToken, setOutgoingToken] = useState('');
  const create = useCreateChatConnection(org);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body: ChatConnectionCreate =
      kind === 'slack'
        ? { kind, name, botToken, signingSecret, ...(apiUrl.trim() ? { apiUrl: apiUrl.trim() } : {}) }
        : {
            kind,
            name,
            webhookUrl,
            ...(outgoingToken.trim() ? { outgoingToken: outgoingToken.trim() } : {}),
          };
    create.mutate(body, {
      onSuccess: () => {
        setName('');
        setBotToken('');
        setSigningSecret('');
        setWebhookUrl('');
        setOutgoingToken('');
      },
    });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Connect chat">
      <Stack gap="sm">
        <Title order={3} fz="md">
          Connect
        </Title>
        <SegmentedControl
          value={kind}
          onChange={(value) => setKind(value as ChatKind)}
          data={KINDS}
          w="fit-content"
        />
        <Group grow align="start">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="chat-name"
          />
          {kind === 'slack' ? (
            <TextInput
              label="Web API base URL"
              placeholder="https://slack.com/api/"
              value={apiUrl}
              onChange={(e) => setApiUrl(e.currentTarget.value)}
              data-testid="chat-api-url"
            />
          ) : (
            <TextInput
              label="Incoming webhook or Workflows URL"
              required
              value={webhookUrl}
              onChange={(e) => setWebhookUrl(e.currentTarget.value)}
              data-testid="chat-webhook-url"
            />
          )}
        </Group>
        {kind === 'slack' && (
          <Group grow align="start">
            <PasswordInput
              label="Bot token"
              description="xoxb-…, scopes chat:write, users:read, users:read.email"
              required
              value={botToken}
              onChange={(e) => setBotToken(e.currentTarget.value)}
              data-testid="chat-bot-token"
            />
            <PasswordInput
              label="Signing secret"
              description="Basic Information → App Credentials"
              required
              value={signingSecret}
              onChange={(e) => setSigningSecret(e.currentTarget.value)}
              data-testid="chat-signing-secret"
            />
          </Group>
        )}
        {kind === 'teams' && (
          <PasswordInput
            label="Outgoing webhook security token (optional)"
            description="Shown by Teams when an outgoing webhook is created; lets “@Dexter words” search issues"
            value={outgoingToken}
            onChange={(e) => setOutgoingToken(e.currentTarget.value)}
            data-testid="chat-outgoing-token"
          />
        )}
        {create.error && (
          <Text size="sm" c="red" role="alert">
            {create.error.message}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="chat-connect">
            Connect
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
