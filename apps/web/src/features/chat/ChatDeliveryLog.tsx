/**
 * The delivery log: every message Dexter queued for Slack or Teams, newest first, with its status,
 * attempts, when it is (or was) due and the last error. Dead messages can be queued again.
 */
import type { ChatConnection, ChatDelivery } from '@dexter/contracts';
import { Anchor, Badge, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { chatDeliveriesQueryOptions, useRetryChatDelivery } from './chat-queries';

const STATUS_COLOR: Record<ChatDelivery['status'], string> = {
  pending: 'yellow',
  held: 'blue',
  digested: 'gray',
  delivered: 'green',
  dead: 'red',
};

const KIND_LABEL: Record<ChatDelivery['kind'], string> = {
  issue: 'Notification',
  status: 'Thread update',
  digest: 'Digest',
  dm: 'Direct message',
};

const time = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
    : '—';

export function ChatDeliveryLog({ org, connections }: { org: string; connections: ChatConnection[] }) {
  const log = useQuery(chatDeliveriesQueryOptions(org));
  const retry = useRetryChatDelivery(org);
  const nameOf = (id: string) => connections.find((connection) => connection.id === id)?.name ?? `#${id}`;
  return (
    <Paper withBorder p="md" aria-label="Delivery log" component="section">
      <Stack gap="sm">
        <Title order={3} fz="md">
          Delivery log
        </Title>
        <Text size="xs" c="dimmed">
          Every message is queued before it is sent: a receiver that is down, rate-limits or answers 5xx is
          tried again with backoff (at least its Retry-After), and after 8 attempts the message is dead. Quiet
          hours and digests hold messages until they are sent as one.
        </Text>
        {log.error && <Text c="red">Could not load the delivery log: {log.error.message}</Text>}
        {log.data && log.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing sent yet.
          </Text>
        )}
        {log.data && log.data.items.length > 0 && (
          <Table verticalSpacing={4} aria-label="Deliveries" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queued</Table.Th>
                <Table.Th>Message</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Due / sent</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.items.map((item) => (
                <Table.Tr key={item.id} data-testid={`chat-delivery-${item.id}`}>
                  <Table.Td>{time(item.createdAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{KIND_LABEL[item.kind]}</Text>
                    <Text size="xs" c="dimmed">
                      {item.reason}
                      {item.issueId && (
                        <>
                          {' · '}
                          <Anchor
                            component={Link}
                            to={`/${encodeURIComponent(org)}/issues/${item.issueId}`}
                            inherit
                          >
                            issue {item.issueId}
                          </Anchor>
                        </>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {nameOf(item.connectionId)}
                    {item.channel === 'webhook' ? '' : ` · #${item.channel}`}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[item.status]} variant="light">
                      {item.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{item.attempts}</Table.Td>
                  <Table.Td>{time(item.deliveredAt ?? item.nextAttemptAt)}</Table.Td>
                  <Table.Td maw={280}>
                    <Text size="xs" c={item.lastError ? 'red' : 'dimmed'} lineClamp={2}>
                      {item.lastError ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {item.status === 'dead' && (
                      <Button
                        size="compact-xs"
                        variant="default"
                        loading={retry.isPending && retry.variables === item.id}
                        onClick={() => retry.mutate(item.id)}
                      >
                        Retry
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {retry.error && (
          <Text size="sm" c="red" role="alert">
            {retry.error.message}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
