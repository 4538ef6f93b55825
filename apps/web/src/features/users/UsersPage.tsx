import { type Role, RoleSchema, UsernameSchema, type UserWithPassword } from '@dexter/contracts';
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../api/describe-error';
import { LABEL_HEIGHT } from '../../app/theme';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { errorNotification } from '../../lib/error-notification';
import { schemaRule } from '../../lib/form-rules';
import { useCreateUser, useResetPassword, usersQueryOptions, useUpdateUser } from './users-queries';

const ROLES: readonly Role[] = RoleSchema.options;

/** Local accounts: new accounts and resets show a one-time password once, to hand to the person. */
export function UsersPage() {
  const users = useQuery(usersQueryOptions());
  const update = useUpdateUser();
  const reset = useResetPassword();
  const [issued, setIssued] = useState<UserWithPassword | null>(null);
  const failed = (error: unknown) => notifications.show(errorNotification('Not changed', error));

  return (
    <Stack maw={1000} gap="lg">
      <Title order={2}>Users</Title>
      <CreateUserForm onCreated={setIssued} />
      {issued && (
        <Alert
          color="green"
          title={`One-time password for ${issued.user.username}`}
          data-testid="one-time-password"
        >
          <Text size="sm">
            Hand it over privately; it must be changed at the first sign-in and is not shown again:{' '}
            <Code>{issued.oneTimePassword}</Code>
          </Text>
        </Alert>
      )}
      {users.isError && (
        <ErrorState title="Could not load users" error={users.error} onRetry={() => users.refetch()} />
      )}
      {users.isPending && <PageLoader />}
      {users.data && (
        <Table striped data-testid="user-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.users.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {user.username}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {user.displayName} {user.email && `· ${user.email}`} · {user.authMethod}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    w={120}
                    data={ROLES}
                    value={user.role}
                    allowDeselect={false}
                    onChange={(role) =>
                      role &&
                      update.mutate({ id: user.id, change: { role: role as Role } }, { onError: failed })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  {user.disabled ? (
                    <Badge color="gray">disabled</Badge>
                  ) : user.mustChangePassword ? (
                    <Badge color="yellow">password pending</Badge>
                  ) : (
                    <Badge color="green">active</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    {user.authMethod === 'password' && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => reset.mutate(user.id, { onSuccess: setIssued, onError: failed })}
                      >
                        Reset password
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="light"
                      color={user.disabled ? 'green' : 'red'}
                      onClick={() =>
                        update.mutate(
                          { id: user.id, change: { disabled: !user.disabled } },
                          { onError: failed },
                        )
                      }
                    >
                      {user.disabled ? 'Enable' : 'Disable'}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (issued: UserWithPassword) => void }) {
  const create = useCreateUser();
  const form = useForm({
    initialValues: { username: '', role: 'viewer' as Role },
    validate: {
      username: schemaRule(UsernameSchema, 'User name: 2 to 64 letters, digits and . _ @ -'),
    },
    transformValues: ({ username, role }) => ({ username: username.trim(), role }),
  });
  const submit = form.onSubmit((body) =>
    create.mutate(body, {
      onSuccess: (issued) => {
        // The role stays: several people often join with the same one.
        form.setFieldValue('username', '');
        onCreated(issued);
      },
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm">
        <TextInput label="New user name" required {...form.getInputProps('username')} />
        <Select label="Role" data={ROLES} allowDeselect={false} w={130} {...form.getInputProps('role')} />
        <Button type="submit" loading={create.isPending} mt={LABEL_HEIGHT}>
          Add user
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
