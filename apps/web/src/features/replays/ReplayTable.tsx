/** Replays as rows: when, how long, who, where, with how many errors; each opens the player. */
import type { ReplaySummary } from '@dexter/contracts';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { formatOffset } from './replay-timeline';
import { replayPath } from './replays-queries';

export function ReplayTable({
  org,
  replays,
  compact = false,
}: {
  org: string;
  replays: ReplaySummary[];
  compact?: boolean;
}) {
  const now = useNow();
  return (
    <Table highlightOnHover aria-label="Replays" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Replay</Table.Th>
          <Table.Th>Duration</Table.Th>
          <Table.Th>Errors</Table.Th>
          {!compact && <Table.Th>User</Table.Th>}
          {!compact && <Table.Th>Browser</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {replays.map((replay) => (
          <Table.Tr key={replay.id} data-testid="replay-row">
            <Table.Td>
              <Anchor component={Link} to={replayPath(org, replay.id)} size="sm" fw={600}>
                {replay.urls[0] ?? replay.id.slice(0, 8)}
              </Anchor>
              <Text size="xs" c="dimmed">
                <RelativeTime
                  value={replay.startedAt === null ? null : new Date(replay.startedAt).toISOString()}
                  now={now}
                />
                {' · '}
                {replay.urls.length} {replay.urls.length === 1 ? 'page' : 'pages'}
              </Text>
            </Table.Td>
            <Table.Td>
              {replay.durationSeconds === null ? '—' : formatOffset(replay.durationSeconds * 1000)}
            </Table.Td>
            <Table.Td>
              <Badge color={replay.countErrors > 0 ? 'red' : 'gray'} variant="light">
                {replay.countErrors}
              </Badge>
            </Table.Td>
            {!compact && (
              <Table.Td>
                {replay.user ?? (
                  <Text span c="dimmed" inherit>
                    anonymous
                  </Text>
                )}
              </Table.Td>
            )}
            {!compact && (
              <Table.Td>
                {[replay.browser, replay.os].filter(Boolean).join(' · ') || (
                  <Text span c="dimmed" inherit>
                    —
                  </Text>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
