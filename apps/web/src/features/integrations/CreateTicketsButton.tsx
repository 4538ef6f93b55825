/**
 * "Create tickets" for the stream's selection: one ticket per issue or one ticket linking all of
 * them, run as a ticket job on the server; the dialog follows the job and lists every issue that
 * failed with why, with a retry. Shown only when the organization has a connection.
 */
import type { TicketJob } from '@dexter/contracts';
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Progress,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  connectionsQueryOptions,
  invalidateStreamTickets,
  ticketJobQueryOptions,
  useRetryTicketJob,
  useStartTicketJob,
} from './integrations-queries';

interface CreateTicketsButtonProps {
  org: string;
  selected: ReadonlySet<string>;
  /** Short ids by issue id, for the failure list. */
  shortIdOf: (issueId: string) => string;
}

export function CreateTicketsButton({ org, selected, shortIdOf }: CreateTicketsButtonProps) {
  const connections = useQuery(connectionsQueryOptions(org));
  const [opened, setOpened] = useState(false);
  const items = connections.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)}>
        Create tickets
      </Button>
      {opened && (
        <CreateTicketsDialog
          org={org}
          issueIds={[...selected]}
          connections={items.map((item) => ({ value: item.id, label: `${item.name} (${item.target})` }))}
          shortIdOf={shortIdOf}
          onClose={() => setOpened(false)}
        />
      )}
    </>
  );
}

interface DialogProps {
  org: string;
  issueIds: string[];
  connections: Array<{ value: string; label: string }>;
  shortIdOf: (issueId: string) => string;
  onClose: () => void;
}

function CreateTicketsDialog({ org, issueIds, connections, shortIdOf, onClose }: DialogProps) {
  const [connectionId, setConnectionId] = useState(connections[0]?.value ?? '');
  const [mode, setMode] = useState<'each' | 'one'>('each');
  const [title, setTitle] = useState('');
  const start = useStartTicketJob(org);
  const many = issueIds.length > 1;
  return (
    <Modal opened onClose={onClose} title={`Create tickets for ${issueIds.length} issues`} size="lg">
      {start.data ? (
        <JobProgress org={org} jobId={start.data.id} shortIdOf={shortIdOf} onClose={onClose} />
      ) : (
        <Stack gap="sm">
          <Select
            label="Connection"
            data={connections}
            value={connectionId}
            onChange={(value) => setConnectionId(value ?? '')}
            allowDeselect={false}
          />
          <Radio.Group label="Tickets" value={mode} onChange={(value) => setMode(value as 'each' | 'one')}>
            <Group mt={4}>
              <Radio value="each" label={`One ticket per issue (${issueIds.length})`} />
              <Radio value="one" label="One ticket linking all of them" disabled={!many} />
            </Group>
          </Radio.Group>
          {mode === 'one' && (
            <TextInput
              label="Title"
              placeholder="Default: the first issue's title and how many more"
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
            />
          )}
          <Text size="xs" c="dimmed">
            Each project's defaults on the connection choose where tickets go, their labels and assignee.
          </Text>
          {start.error && (
            <Text size="sm" c="red" role="alert">
              {start.error.message}
            </Text>
          )}
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              loading={start.isPending}
              disabled={!connectionId}
              onClick={() =>
                start.mutate({
                  connectionId,
                  issueIds: issueIds.slice(0, 500),
                  mode,
                  ...(mode === 'one' && title.trim() ? { title: title.trim() } : {}),
                })
              }
            >
              Create
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function JobProgress({
  org,
  jobId,
  shortIdOf,
  onClose,
}: {
  org: string;
  jobId: string;
  shortIdOf: (issueId: string) => string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const job = useQuery(ticketJobQueryOptions(org, jobId));
  const retry = useRetryTicketJob(org, jobId);
  const done = job.data?.status === 'done';
  useEffect(() => {
    if (done) void invalidateStreamTickets(queryClient, org);
  }, [done, queryClient, org]);
  if (!job.data) return <Text size="sm">Starting…</Text>;
  const { counts } = job.data;
  return (
    <Stack gap="sm" data-testid="ticket-job">
      <Progress value={((counts.linked + counts.failed) / Math.max(1, counts.total)) * 100} />
      <Text size="sm" aria-live="polite">
        {describe(job.data)}
      </Text>
      {counts.failed > 0 && (
        <Alert color="red" title={`${counts.failed} not linked`}>
          <List size="sm">
            {job.data.items
              .filter((item) => item.status === 'failed')
              .slice(0, 20)
              .map((item) => (
                <List.Item key={item.issueId}>
                  {shortIdOf(item.issueId)}: {item.error}
                </List.Item>
              ))}
          </List>
        </Alert>
      )}
      <Group justify="end">
        {done && counts.failed > 0 && (
          <Button variant="default" loading={retry.isPending} onClick={() => retry.mutate()}>
            Retry failed
          </Button>
        )}
        <Button onClick={onClose}>{done ? 'Close' : 'Run in background'}</Button>
      </Group>
    </Stack>
  );
}

function describe(job: TicketJob): string {
  const { linked, failed, pending, total } = job.counts;
  if (job.status !== 'done')
    return `Creating… ${linked} of ${total} linked${failed ? `, ${failed} failed` : ''}.`;
  const ticket = job.mode === 'one' && job.ticketKey ? ` to ${job.ticketKey}` : '';
  return `Done: ${linked} of ${total} linked${ticket}${failed ? `, ${failed} failed` : ''}${pending ? `, ${pending} waiting` : ''}.`;
}
