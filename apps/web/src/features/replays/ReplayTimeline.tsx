/**
 * The replay's timeline beside the player: a strip with a mark per click, navigation, console
 * message, request and error at its moment (errors in red and taller), and the same items as a
 * list. Clicking either seeks the player; the item at the player's current time is highlighted.
 */
import { Anchor, Badge, Box, Group, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router-dom';
import { formatOffset, type TimelineItem, type TimelineKind } from './replay-timeline';

const KIND_COLOR: Record<TimelineKind, string> = {
  click: 'blue',
  navigation: 'grape',
  console: 'gray',
  network: 'teal',
  error: 'red',
};

interface ReplayTimelineProps {
  org: string;
  items: TimelineItem[];
  durationMs: number;
  currentMs: number;
  onSeek: (offsetMs: number) => void;
}

export function TimelineStrip({ items, durationMs, currentMs, onSeek }: Omit<ReplayTimelineProps, 'org'>) {
  const span = Math.max(durationMs, 1);
  return (
    <Box
      pos="relative"
      h={28}
      aria-label="Replay timeline"
      data-testid="replay-strip"
      style={{ background: 'var(--mantine-color-default-hover)', borderRadius: 4 }}
    >
      {items.map((item) => (
        <Tooltip key={item.id} label={`${formatOffset(item.offsetMs)} ${item.label}`}>
          <UnstyledButton
            aria-label={`${item.kind} at ${formatOffset(item.offsetMs)}`}
            data-kind={item.kind}
            onClick={() => onSeek(item.offsetMs)}
            pos="absolute"
            style={{
              left: `${Math.min(100, (item.offsetMs / span) * 100)}%`,
              top: item.kind === 'error' ? 0 : 7,
              height: item.kind === 'error' ? 28 : 14,
              width: item.kind === 'error' ? 4 : 3,
              background: `var(--mantine-color-${KIND_COLOR[item.kind]}-6)`,
              borderRadius: 2,
            }}
          />
        </Tooltip>
      ))}
      <Box
        pos="absolute"
        top={0}
        h={28}
        w={2}
        style={{
          left: `${Math.min(100, (currentMs / span) * 100)}%`,
          background: 'var(--mantine-color-text)',
        }}
      />
    </Box>
  );
}

export function TimelineList({ org, items, currentMs, onSeek }: Omit<ReplayTimelineProps, 'durationMs'>) {
  const currentIndex = items.findLastIndex((item) => item.offsetMs <= currentMs);
  return (
    <ScrollArea.Autosize mah={560} type="auto">
      <Stack gap={2} aria-label="Replay events">
        {items.length === 0 && (
          <Text size="sm" c="dimmed">
            No clicks, navigations, console messages or requests were recorded.
          </Text>
        )}
        {items.map((item) => (
          <UnstyledButton
            key={item.id}
            onClick={() => onSeek(item.offsetMs)}
            data-testid={`timeline-${item.kind}`}
            px="xs"
            py={4}
            style={{
              borderRadius: 4,
              background:
                item.id === currentIndex
                  ? 'var(--mantine-color-default-hover)'
                  : item.kind === 'error'
                    ? 'var(--mantine-color-red-light)'
                    : undefined,
            }}
          >
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text size="xs" c="dimmed" ff="monospace" w={36} style={{ flexShrink: 0 }}>
                {formatOffset(item.offsetMs)}
              </Text>
              <Badge size="xs" variant="light" color={KIND_COLOR[item.kind]} w={74} style={{ flexShrink: 0 }}>
                {item.kind}
              </Badge>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text
                  size="sm"
                  c={item.problem ? 'red' : undefined}
                  lineClamp={2}
                  style={{ wordBreak: 'break-all' }}
                >
                  {item.label}
                </Text>
                {item.kind === 'error' && item.issueId ? (
                  <Anchor
                    component={Link}
                    size="xs"
                    to={`/${encodeURIComponent(org)}/issues/${encodeURIComponent(item.issueId)}/events/${encodeURIComponent(item.eventId ?? '')}`}
                    onClick={(event) => event.stopPropagation()}
                  >
                    Open the issue
                  </Anchor>
                ) : (
                  item.detail && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {item.detail}
                    </Text>
                  )
                )}
              </Stack>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </ScrollArea.Autosize>
  );
}
