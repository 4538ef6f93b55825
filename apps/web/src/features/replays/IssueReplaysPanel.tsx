/** "Replays with this error" on the issue page: the sessions in which an event of the issue happened. */
import { Card, Skeleton, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ReplayTable } from './ReplayTable';
import { replayListQueryOptions } from './replays-queries';

export function IssueReplaysPanel({ org, issueId }: { org: string; issueId: string }) {
  const replays = useQuery(replayListQueryOptions(org, { issueId }));
  return (
    <Card withBorder padding="md" data-testid="issue-replays">
      <Title order={4} mb="xs">
        Replays with this error
      </Title>
      {replays.isPending ? (
        <Skeleton height={60} />
      ) : replays.isError ? (
        <Text size="sm" c="dimmed">
          Replays could not be loaded.
        </Text>
      ) : replays.data.replays.length === 0 ? (
        <Text size="sm" c="dimmed">
          No session replay recorded this error.
        </Text>
      ) : (
        <ReplayTable org={org} replays={replays.data.replays} compact />
      )}
    </Card>
  );
}
