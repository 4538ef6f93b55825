import {
  type StoreScope,
  StoreScopeSchema,
  type StoreTokenCreated,
  StoreTokenCreateSchema,
} from '@dexter/contracts';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  MultiSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LABEL_HEIGHT } from '../../app/theme';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { errorNotification } from '../../lib/error-notification';
import { schemaRule } from '../../lib/form-rules';
import { useNow } from '../../lib/use-now';
import { storeTokensQueryOptions, useCreateStoreToken, useRevokeStoreToken } from './store-admin-queries';

/** What sentry-cli needs for releases and source maps: the usual choice for a CI token. */
const DEFAULT_SCOPES: StoreScope[] = ['project:releases', 'org:read'];

/**
 * The store's `/api/0` tokens (sentry-cli, scripts speaking Sentry's API): create with scopes (the
 * secret is shown once), list, revoke. The token Dexter itself uses cannot be revoked (the server
 * answers 409, shown as a notice).
 */
export function StoreTokensPage() {
  useDocumentTitle('Store tokens · Dexter');
  const tokens = useQuery(storeTokensQueryOptions());
  const revoke = useRevokeStoreToken();
  const [created, setCreated] = useState<StoreTokenCreated | null>(null);
  const now = useNow();

  const revokeToken = (id: number, name: string) =>
    revoke.mutate(id, {
      onSuccess: () =>
        notifications.show({
          color: 'gray',
          title: `Token ${name} revoked`,
          message: 'It is refused from now on.',
        }),
      onError: (error) => notifications.show(errorNotification(`Could not revoke ${name}`, error)),
    });

  return (
    <Stack maw={1000} gap="lg">
      <div>
        <Title order={2}>Store tokens</Title>
        <Text c="dimmed" size="sm">
          For sentry-cli and scripts using the Sentry API of the built-in store: set{' '}
          <Code>SENTRY_AUTH_TOKEN</Code> and <Code>SENTRY_URL</Code> to this server.
        </Text>
      </div>
      <CreateStoreTokenForm onCreated={setCreated} />
      {created && (
        <Alert
          color="green"
          title={`Copy the token ${created.token.name} now: it will not be shown again`}
          data-testid="store-token-created"
          withCloseButton
          onClose={() => setCreated(null)}
        >
          <Group gap="sm" wrap="nowrap">
            <Code data-testid="store-token-secret" style={{ wordBreak: 'break-all' }}>
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
        <ErrorState title="Could not load the tokens" error={tokens.error} onRetry={() => tokens.refetch()} />
      )}
      {tokens.isPending && <PageLoader />}
      {tokens.data && (
        <Table striped data-testid="store-token-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.data.tokens.map((token) => (
              <Table.Tr
                key={token.id}
                data-testid="store-token-row"
                data-name={token.name}
                data-revoked={token.revokedAt !== null}
                opacity={token.revokedAt ? 0.55 : 1}
              >
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {token.scopes.map((scope) => (
                      <Badge key={scope} variant="light" size="sm" tt="none">
                        {scope}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <RelativeTime value={token.createdAt} now={now} />
                </Table.Td>
                <Table.Td>
                  {token.revokedAt ? (
                    <Badge color="gray">revoked</Badge>
                  ) : token.usedByDexter ? (
                    <Badge color="blue" variant="light" title="Dexter reads the store with this token">
                      used by Dexter
                    </Badge>
                  ) : (
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      loading={revoke.isPending && revoke.variables === token.id}
                      onClick={() => revokeToken(token.id, token.name)}
                      data-testid="store-token-revoke"
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

function CreateStoreTokenForm({ onCreated }: { onCreated: (created: StoreTokenCreated) => void }) {
  const create = useCreateStoreToken();
  const form = useForm({
    initialValues: { name: '', scopes: DEFAULT_SCOPES },
    validate: {
      name: schemaRule(StoreTokenCreateSchema.shape.name, 'Name: 1 to 100 characters'),
      scopes: (scopes) => (scopes.length === 0 ? 'Pick at least one scope' : null),
    },
    transformValues: ({ name, scopes }) => ({ name: name.trim(), scopes }),
  });
  const submit = form.onSubmit((body) =>
    create.mutate(body, {
      onSuccess: (created) => {
        form.reset();
        onCreated(created);
      },
      onError: (error) => notifications.show(errorNotification('Could not create the token', error)),
    }),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="New store token">
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Name"
          placeholder="CI releases"
          required
          w={240}
          data-testid="store-token-name"
          {...form.getInputProps('name')}
        />
        <MultiSelect
          label="Scopes"
          data={StoreScopeSchema.options}
          w={380}
          data-testid="store-token-scopes"
          {...form.getInputProps('scopes')}
        />
        <Button type="submit" loading={create.isPending} mt={LABEL_HEIGHT} data-testid="store-token-create">
          Create token
        </Button>
      </Group>
    </form>
  );
}
