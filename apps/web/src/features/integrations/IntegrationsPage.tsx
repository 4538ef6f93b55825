/**
 * Admin page for code and ticket integrations: connect GitHub (github.com or Enterprise), Jira
 * Cloud or Linear with a token, test a connection (it says exactly what failed), remove one. A new
 * connection's webhook URL and secret are shown at once, to paste into the vendor's webhook settings;
 * an admin can show it again (audited) or rotate it. Per-project ticket defaults below the list.
 */
import type {
  Connection,
  ConnectionCreate,
  ConnectionCreated,
  ConnectionTest,
  IntegrationVendor,
} from '@dexter/contracts';
import {
  Alert,
  Button,
  Checkbox,
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
import {
  connectionsQueryOptions,
  useCreateConnection,
  useDeleteConnection,
  useTestConnection,
} from './integrations-queries';
import { ProjectDefaultsPanel } from './ProjectDefaultsPanel';
import { WebhookSecretControls } from './WebhookSecretControls';

const VENDORS: Array<{ value: IntegrationVendor; label: string }> = [
  { value: 'github', label: 'GitHub' },
  { value: 'gitlab', label: 'GitLab' },
  { value: 'jira', label: 'Jira' },
  { value: 'linear', label: 'Linear' },
];

const FIELDS: Record<
  IntegrationVendor,
  { baseUrl: string; target: string; targetHint: string; token: string }
> = {
  github: {
    baseUrl: 'https://api.github.com (Enterprise: https://HOST/api/v3)',
    target: 'Repository',
    targetHint: 'owner/repo',
    token: 'Personal access token (repo scope)',
  },
  gitlab: {
    baseUrl: 'https://gitlab.com (self-managed: the instance URL)',
    target: 'Project',
    targetHint: 'group/project',
    token: 'Access token (api scope)',
  },
  jira: {
    baseUrl: 'https://your-site.atlassian.net',
    target: 'Project key',
    targetHint: 'OPS',
    token: 'API token',
  },
  linear: {
    baseUrl: 'https://api.linear.app/graphql',
    target: 'Team id',
    targetHint: 'the team’s id',
    token: 'API key',
  },
};

export function IntegrationsPage() {
  const org = useParams().org ?? '';
  const connections = useQuery(connectionsQueryOptions(org));
  const [created, setCreated] = useState<ConnectionCreated | null>(null);
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Title order={2}>Integrations</Title>
      <Text size="sm" c="dimmed">
        Tickets in GitHub, GitLab, Jira and Linear, created from or linked to issues. A ticket closed there
        resolves its issues here when the connection says so.
      </Text>
      {created && (
        <Alert
          title={`Connected ${created.name}`}
          color="green"
          withCloseButton
          onClose={() => setCreated(null)}
          data-testid="webhook-secret"
        >
          <Text size="sm">
            Add a webhook in {VENDORS.find((v) => v.value === created.vendor)?.label} sending issue events to{' '}
            <Code>{created.webhookUrl}</Code> with the secret <Code>{created.webhookSecret}</Code> (an admin
            can show it again, audited, or rotate it).
          </Text>
        </Alert>
      )}
      <ConnectionsTable org={org} items={connections.data?.items ?? null} error={connections.error} />
      {connections.data && connections.data.items.length > 0 && (
        <ProjectDefaultsPanel org={org} connections={connections.data.items} />
      )}
      <ConnectForm org={org} onCreated={setCreated} />
    </Stack>
  );
}

function ConnectionsTable({
  org,
  items,
  error,
}: {
  org: string;
  items: Connection[] | null;
  error: Error | null;
}) {
  if (error) return <Text c="red">Could not load connections: {error.message}</Text>;
  if (!items) return <Text c="dimmed">Loading connections…</Text>;
  if (items.length === 0) return <Text c="dimmed">No connections yet.</Text>;
  return (
    <Paper withBorder>
      <Table verticalSpacing="xs" aria-label="Connections">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Tickets go to</Table.Th>
            <Table.Th>API</Table.Th>
            <Table.Th>Two-way</Table.Th>
            <Table.Th>Webhook</Table.Th>
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

function ConnectionRow({ org, connection }: { org: string; connection: Connection }) {
  const test = useTestConnection(org);
  const remove = useDeleteConnection(org);
  return (
    <Table.Tr data-testid={`connection-${connection.id}`}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {connection.name}
        </Text>
        <Text size="xs" c="dimmed">
          {VENDORS.find((v) => v.value === connection.vendor)?.label}
          {connection.account ? ` · ${connection.account}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Code>{connection.target}</Code>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{connection.baseUrl}</Text>
      </Table.Td>
      <Table.Td>{connection.resolveOnClose ? 'Yes' : 'No'}</Table.Td>
      <Table.Td>
        <WebhookSecretControls org={org} connection={connection} />
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
        {test.data && <TestResult result={test.data} />}
        {(test.error ?? remove.error) && (
          <Text size="xs" c="red">
            {(test.error ?? remove.error)?.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function TestResult({ result }: { result: ConnectionTest }) {
  if (result.ok)
    return (
      <Text size="xs" c="green" data-testid="test-result">
        Works, as {result.account}
      </Text>
    );
  return (
    <Text size="xs" c="red" maw={360} data-testid="test-result">
      {result.problem?.message}
    </Text>
  );
}

function ConnectForm({ org, onCreated }: { org: string; onCreated(created: ConnectionCreated): void }) {
  const [vendor, setVendor] = useState<IntegrationVendor>('github');
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [target, setTarget] = useState('');
  const [resolveOnClose, setResolveOnClose] = useState(true);
  const create = useCreateConnection(org);
  const fields = FIELDS[vendor];

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const common = {
      name,
      token,
      target,
      resolveOnClose,
      ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
    };
    const body: ConnectionCreate =
      vendor === 'jira'
        ? { vendor, ...common, baseUrl: baseUrl.trim(), email }
        : vendor === 'github'
          ? { vendor, ...common }
          : vendor === 'gitlab'
            ? { vendor, ...common }
            : { vendor, ...common };
    create.mutate(body, {
      onSuccess: (created) => {
        onCreated(created);
        setName('');
        setToken('');
        setTarget('');
        setBaseUrl('');
      },
    });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Connect">
      <Stack gap="sm">
        <Title order={3} fz="md">
          Connect
        </Title>
        <SegmentedControl
          value={vendor}
          onChange={(value) => setVendor(value as IntegrationVendor)}
          data={VENDORS}
          w="fit-content"
        />
        <Group grow align="start">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="connect-name"
          />
          <TextInput
            label="API base URL"
            required={vendor === 'jira'}
            placeholder={fields.baseUrl}
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
            data-testid="connect-base-url"
          />
        </Group>
        <Group grow align="start">
          {vendor === 'jira' && (
            <TextInput
              label="Account e-mail"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
          )}
          <PasswordInput
            label={fields.token}
            required
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
            data-testid="connect-token"
          />
          <TextInput
            label={fields.target}
            placeholder={fields.targetHint}
            required
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
            data-testid="connect-target"
          />
        </Group>
        <Checkbox
          label="Two-way: closing a ticket resolves its issues; resolving an issue comments on its open tickets"
          checked={resolveOnClose}
          onChange={(e) => setResolveOnClose(e.currentTarget.checked)}
        />
        {create.error && (
          <Text size="sm" c="red" role="alert">
            {create.error.message}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="connect-submit">
            Connect
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
