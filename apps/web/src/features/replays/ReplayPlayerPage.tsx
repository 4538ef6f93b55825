/**
 * One session replay: who, when, where and how long above rrweb's player, the timeline strip under
 * it (clicks, navigations, console, requests, and the errors in red), and the same timeline as a
 * list beside it. Clicking a moment seeks the player there.
 */
import type { ReplayDetail } from '@dexter/contracts';
import { Alert, Code, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { ReplayPlayer, type ReplayPlayerHandle } from './ReplayPlayer';
import { TimelineList, TimelineStrip } from './ReplayTimeline';
import { buildTimeline, formatOffset, playableEvents, recordingEnd, recordingStart } from './replay-timeline';
import { replayQueryOptions } from './replays-queries';

export function ReplayPlayerPage() {
  const { org = '', replayId = '' } = useParams();
  const replay = useQuery(replayQueryOptions(org, replayId));
  return (
    <Stack gap="md" maw={1500} mx="auto">
      <Stack gap={2}>
        <Title order={2}>Replay</Title>
        <Code w="fit-content">{replayId}</Code>
      </Stack>
      {replay.isError ? (
        <ErrorState
          title="Could not load the replay"
          error={replay.error}
          onRetry={() => void replay.refetch()}
        />
      ) : !replay.data ? (
        <Skeleton height={480} />
      ) : replay.data.events.length === 0 ? (
        <EmptyMessage title="Nothing recorded" description="This replay has no recording segments (yet)." />
      ) : (
        <ReplayBody org={org} detail={replay.data} />
      )}
    </Stack>
  );
}

function ReplayBody({ org, detail }: { org: string; detail: ReplayDetail }) {
  const { replay, events, errors } = detail;
  const player = useRef<ReplayPlayerHandle>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const playable = useMemo(() => playableEvents(events, errors), [events, errors]);
  const items = useMemo(() => buildTimeline(events, errors), [events, errors]);
  const start = recordingStart(events) ?? 0;
  const end = Math.max(start, recordingEnd(playable) ?? start);
  const seek = (offsetMs: number) => {
    player.current?.seek(offsetMs);
    setCurrentMs(offsetMs);
  };
  return (
    <Stack gap="sm">
      <Group gap="md" wrap="wrap">
        <Text size="sm">
          {replay.startedAt !== null && <b>{new Date(replay.startedAt).toLocaleString()}</b>} ·{' '}
          <b>{formatOffset(end - start)}</b> ·{' '}
          <Text span inherit c={errors.length > 0 ? 'red' : undefined}>
            <b>{errors.length}</b> {errors.length === 1 ? 'error' : 'errors'}
          </Text>
          {replay.browser && ` · ${replay.browser}`}
          {replay.os && ` · ${replay.os}`}
          {replay.user && ` · ${replay.user}`}
        </Text>
        {replay.urls[0] && (
          <Text size="sm" c="dimmed" truncate maw={600}>
            {replay.urls[0]}
          </Text>
        )}
      </Group>
      {detail.truncated && (
        <Alert color="yellow">This replay is long: only its first 1,000 segments are played.</Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="xs">
            <ReplayPlayer ref={player} events={playable} width={880} height={520} onTime={setCurrentMs} />
            <TimelineStrip items={items} durationMs={end - start} currentMs={currentMs} onSeek={seek} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <TimelineList org={org} items={items} currentMs={currentMs} onSeek={seek} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
