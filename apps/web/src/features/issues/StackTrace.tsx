import type { Exception } from '@dexter/contracts';
import { Badge, Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { StackFrame } from './StackFrame';
import {
  culpritEntry,
  exceptionHeading,
  exceptionsNewestFirst,
  type FrameFilter,
  type FrameSource,
  framesOf,
  hasHideableFrames,
  hasRawFrames,
  mechanismLabel,
  visibleFrames,
} from './stack-trace-model';

/**
 * The exception chain of an event, newest exception first, each trace most recent call first.
 * When source maps rewrote the frames, the minified frames the SDK sent are one click away.
 */
export function StackTrace({
  exceptions,
  titled = true,
}: {
  exceptions: readonly Exception[];
  /** False inside a tab that already says "Stack trace". */
  titled?: boolean;
}) {
  const [filter, setFilter] = useState<FrameFilter>('app');
  const [source, setSource] = useState<FrameSource>('original');
  const canFilter = hasHideableFrames(exceptions);

  return (
    <Stack gap="md" data-testid="stack-trace">
      <Group justify={titled ? 'space-between' : 'flex-end'}>
        {titled && <Title order={3}>Stack trace</Title>}
        <Group gap="xs">
          {hasRawFrames(exceptions) && (
            <SegmentedControl<FrameSource>
              size="xs"
              aria-label="Source of the frames"
              value={source}
              onChange={setSource}
              data={[
                { value: 'original', label: 'Original' },
                { value: 'minified', label: 'Minified' },
              ]}
            />
          )}
          {canFilter && (
            <SegmentedControl<FrameFilter>
              size="xs"
              aria-label="Frames to show"
              data-testid="frame-filter"
              value={filter}
              onChange={setFilter}
              data={[
                { value: 'app', label: 'In-app only' },
                { value: 'all', label: 'All frames' },
              ]}
            />
          )}
        </Group>
      </Group>
      {exceptions.length === 0 && <Text c="dimmed">This event has no exception.</Text>}
      {exceptionsNewestFirst(exceptions).map((exception, index) => (
        // Chained exceptions have no id; their position in the chain is stable for one event.
        // The newest exception opens at its culprit; the causes below it start folded.
        <ExceptionBlock
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={`${index}-${source}`}
          exception={exception}
          filter={filter}
          source={source}
          newest={index === 0}
        />
      ))}
    </Stack>
  );
}

function ExceptionBlock({
  exception,
  filter,
  source,
  newest,
}: {
  exception: Exception;
  filter: FrameFilter;
  source: FrameSource;
  newest: boolean;
}) {
  const { frames, hiddenCount } = visibleFrames(framesOf(exception, source), filter);
  const mechanism = mechanismLabel(exception);
  const culprit = newest ? culpritEntry(frames) : -1;
  const [shown, setShown] = useState(newest);

  return (
    <Stack gap={6} component="section" data-testid="exception">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text fw={700} ff="monospace" style={{ wordBreak: 'break-word' }}>
          {exceptionHeading(exception)}
        </Text>
        {mechanism && (
          <Badge
            size="sm"
            variant="light"
            color={mechanism === 'handled' ? 'gray' : 'red'}
            title={exception.mechanism?.type ?? undefined}
            style={{ flexShrink: 0 }}
          >
            {mechanism}
          </Badge>
        )}
      </Group>
      {frames.length === 0 ? (
        <Text size="sm" c="dimmed">
          No stack frames.
        </Text>
      ) : !shown ? (
        <Button
          size="compact-xs"
          variant="subtle"
          w="fit-content"
          data-testid="show-cause-frames"
          onClick={() => setShown(true)}
        >
          Show {frames.length} {frames.length === 1 ? 'frame' : 'frames'} of this cause
        </Button>
      ) : (
        <Stack component="ol" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
          {frames.map(({ frame, index }, position) => (
            <StackFrame key={index} frame={frame} defaultOpen={position === culprit} />
          ))}
        </Stack>
      )}
      {hiddenCount > 0 && (
        <Text size="xs" c="dimmed">
          {hiddenCount} system {hiddenCount === 1 ? 'frame' : 'frames'} hidden
        </Text>
      )}
    </Stack>
  );
}
