import {
  type ApiTokenCreated,
  ApiTokenCreateSchema,
  type Role,
  RoleSchema,
  roleAtLeast,
} from '@dexter/contracts';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../api/describe-error';
import { LABEL_HEIGHT } from '../../app/theme';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { schemaRule } from '../../lib/form-rules';
import { useNow } from '../../lib/use-now';
import { sessionQueryOptions } from '../auth/auth-queries';
import { tokensQueryOptions, useCreateToken, useRevokeToken } from './tokens-queries';

const ROLES: readonly Role[] = RoleSchema.options;
const LIFETIMES = ['7', '30', '90', '365'];

/** Personal API tokens for scripts: `Authorization: Bearer <token>` against `/api/v1`. */
export function TokensPage() {
  const tokens = useQuery(tokensQueryOptions());
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const now = useNow();

  return (
    <Stack maw={900} gap="lg">
      <div>
        <Title order={2}>API tokens</Title>
        <Text c="dimmed" size="sm">
          For scripts: send <Code>Authorization: Bearer &lt;token&gt;</Code>. A token acts with its role,
          never more than yours.
        </Text>
      </div>
      <CreateTokenForm onCreated={setCreated} />
      {created && (
        <Alert
          color="green"
          title="Copy your new token now: it will not be shown again"
          data-testid="token-created"
        >
          <Group gap="sm" wrap="nowrap">
            <Code data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
              {created.secret}
            </Code>
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {tokens.isError && (
        <ErrorState
          title="Could not load your tokens"
          error={tokens.error}
          onRetry={() => tokens.refetch()}
        />
      )}
      {tokens.isPending && <PageLoader />}
      {tokens.data && (
        <Table striped data-testid="token-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Token</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.data.tokens.map((token) => (
              <Table.Tr key={token.id} data-testid="token-row">
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>
                  <Code>{token.prefix}…</Code>
                </Table.Td>
                <Table.Td>{token.role}</Table.Td>
                <Table.Td>
                  <RelativeTime value={token.expiresAt} now={now} />
                </Table.Td>
                <Table.Td>
                  {token.lastUsedAt ? <RelativeTime value={token.lastUsedAt} now={now} /> : 'never'}
                </Table.Td>
                <Table.Td>
                  {token.revokedAt ? (
                    <Badge color="gray">revoked</Badge>
                  ) : (
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      loading={revoke.isPending && revoke.variables === token.id}
                      onClick={() => revoke.mutate(token.id)}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: ApiTokenCreated) => void }) {
  const session = useQuery(sessionQueryOptions());
  const create = useCreateToken();
  const allowed = ROLES.filter((r) => session.data && roleAtLeast(session.data.role, r));
  const form = useForm({
    initialValues: { name: '', role: 'viewer' as Role, days: '30' },
    validate: {
      name: schemaRule(ApiTokenCreateSchema.shape.name, 'Name: 1 to 100 characters'),
    },
    transformValues: ({ name, role, days }) => ({ name: name.trim(), role, expiresInDays: Number(days) }),
  });

  const submit = form.onSubmit((body) =>
    create.mutate(body, {
      onSuccess: (created) => {
        form.setFieldValue('name', '');
        onCreated(created);
      },
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Name"
          placeholder="nightly export"
          required
          data-testid="token-name"
          {...form.getInputProps('name')}
        />
        <Select label="Role" data={allowed} allowDeselect={false} w={130} {...form.getInputProps('role')} />
        <Select
          label="Expires in (days)"
          data={LIFETIMES}
          allowDeselect={false}
          w={150}
          {...form.getInputProps('days')}
        />
        <Button type="submit" loading={create.isPending} mt={LABEL_HEIGHT} data-testid="token-create">
          Create token
        </Button>
      </Group>
      {create.isError && (
        <Text c="red" size="sm" mt="xs">
          {describeError(create.error).message}
        </Text>
      )}
    </form>
  );
}
