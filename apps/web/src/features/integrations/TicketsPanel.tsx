/**
 * "Tickets" on the issue page: the GitHub, Jira and Linear tickets linked to this issue with their
 * state (kept current by the vendors' webhooks), a button to create one through a connection, and
 * a field to link an existing one by URL or key. An issue may have many tickets, a ticket many issues.
 */
import type { TicketLink } from '@dexter/contracts';
import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  connectionsQueryOptions,
  ticketsQueryOptions,
  useCreateTicket,
  useLinkTicket,
  useUnlinkTicket,
} from './integrations-queries';

const VENDOR_LABELS = { github: 'GitHub', gitlab: 'GitLab', jira: 'Jira', linear: 'Linear' } as const;

export function TicketsPanel({ org, issueId }: { org: string; issueId: string }) {
  const tickets = useQuery(ticketsQueryOptions(org, issueId));
  const connections = useQuery(connectionsQueryOptions(org));
  const [chosen, setChosen] = useState<string | null>(null);
  const [ref, setRef] = useState('');
  const create = useCreateTicket(org, issueId);
  const link = useLinkTicket(org, issueId);
  const unlink = useUnlinkTicket(org, issueId);
  const items = connections.data?.items ?? [];
  const connectionId = chosen ?? items[0]?.id ?? null;
  const failure = create.error ?? link.error ?? unlink.error;

  let list: React.ReactNode;
  if (tickets.isError)
    list = (
      <Text size="sm" c="red">
        Could not load tickets: {tickets.error.message}
      </Text>
    );
  else if (!tickets.data)
    list = (
      <Text size="sm" c="dimmed">
        Loading tickets…
      </Text>
    );
  else if (tickets.data.items.length === 0)
    list = (
      <Text size="sm" c="dimmed">
        No linked tickets.
      </Text>
    );
  else
    list = tickets.data.items.map((ticket) => (
      <TicketRow key={ticket.id} ticket={ticket} onUnlink={() => unlink.mutate(ticket.id)} />
    ));

  return (
    <Paper withBorder p="sm" component="section" aria-label="Tickets">
      <Title order={3} fz="sm" mb="xs">
        Tickets
      </Title>
      <Stack gap="sm">
        {list}
        {connections.data && items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No GitHub, GitLab, Jira or Linear connection yet.{' '}
            <Anchor component={Link} to={`/${org}/settings/integrations`}>
              Connect one
            </Anchor>
          </Text>
        ) : (
          <>
            <Select
              label="Connection"
              size="xs"
              data={items.map((item) => ({
                value: item.id,
                label: `${VENDOR_LABELS[item.vendor]} · ${item.name} (${item.target})`,
              }))}
              value={connectionId}
              onChange={setChosen}
              allowDeselect={false}
              data-testid="ticket-connection"
            />
            <Group gap="xs" align="end">
              <Button
                size="xs"
                disabled={!connectionId}
                loading={create.isPending}
                onClick={() => connectionId && create.mutate({ connectionId })}
                data-testid="create-ticket"
              >
                Create ticket
              </Button>
            </Group>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (connectionId && ref.trim())
                  link.mutate({ connectionId, ref: ref.trim() }, { onSuccess: () => setRef('') });
              }}
            >
              <Group gap="xs" align="end" wrap="nowrap">
                <TextInput
                  size="xs"
                  label="Link an existing ticket"
                  placeholder="URL or key (owner/repo#12, group/project#3, OPS-7, ENG-42)"
                  value={ref}
                  onChange={(event) => setRef(event.currentTarget.value)}
                  style={{ flex: 1 }}
                  data-testid="ticket-ref"
                />
                <Button
                  size="xs"
                  variant="default"
                  type="submit"
                  loading={link.isPending}
                  data-testid="link-ticket"
                >
                  Link
                </Button>
              </Group>
            </form>
          </>
        )}
        {failure && (
          <Text size="sm" c="red" role="alert" data-testid="ticket-error">
            {failure.message}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function TicketRow({ ticket, onUnlink }: { ticket: TicketLink; onUnlink(): void }) {
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      justify="space-between"
      component="article"
      aria-label={`Ticket ${ticket.key}`}
    >
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          <Badge size="xs" variant="light" color="gray">
            {VENDOR_LABELS[ticket.vendor]}
          </Badge>
          <Anchor href={ticket.url} target="_blank" rel="noreferrer" size="sm" fw={500}>
            {ticket.key}
          </Anchor>
          <Badge size="xs" color={ticket.state === 'closed' ? 'green' : 'blue'} data-testid="ticket-state">
            {ticket.stateLabel}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" lineClamp={1} title={ticket.title}>
          {ticket.title}
        </Text>
      </Stack>
      <Button
        size="compact-xs"
        variant="subtle"
        color="gray"
        onClick={onUnlink}
        aria-label={`Unlink ${ticket.key}`}
      >
        Unlink
      </Button>
    </Group>
  );
}
