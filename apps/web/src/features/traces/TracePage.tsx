/**
 * One distributed trace: its services, size and duration above a waterfall of all its spans
 * across services, and the selected span's details beside it. Opened from an error event
 * (`?event=<id>` selects the span the error happened in) or by URL.
 */
import type { TraceSpanRow, TraceView } from '@dexter/contracts';
import { Badge, Code, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { SpanDetails } from './SpanDetails';
import { TraceWaterfall } from './TraceWaterfall';
import { traceQueryOptions } from './traces-queries';
import { formatDuration, serviceColors } from './waterfall-model';

export function TracePage() {
  const { org = '', traceId = '' } = useParams();
  const trace = useQuery(traceQueryOptions(org, traceId));
  return (
    <Stack gap="md" maw={1600} mx="auto">
      <Stack gap={2}>
        <Title order={2}>Trace</Title>
        <Code w="fit-content">{traceId}</Code>
      </Stack>
      {trace.isError ? (
        <ErrorState
          title="Could not load the trace"
          error={trace.error}
          onRetry={() => void trace.refetch()}
        />
      ) : !trace.data ? (
        <Skeleton height={400} />
      ) : trace.data.spans.length === 0 && trace.data.orphanErrors.length === 0 ? (
        <EmptyMessage
          title="No spans in this trace"
          description="Nothing of this trace has been received, or its spans were sampled out or have expired."
        />
      ) : (
        <TraceBody org={org} trace={trace.data} />
      )}
    </Stack>
  );
}

function TraceBody({ org, trace }: { org: string; trace: TraceView }) {
  const [params, setParams] = useSearchParams();
  const colors = useMemo(() => serviceColors(trace.projects), [trace.projects]);
  const byId = useMemo(() => new Map(trace.spans.map((span) => [span.id, span])), [trace.spans]);
  const [selectedId, setSelectedId] = useState<string | null>(() => initialSpan(trace, params));
  const selected = selectedId === null ? undefined : byId.get(selectedId);
  const select = (span: TraceSpanRow | null) => {
    setSelectedId(span?.id ?? null);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('event');
        if (span) next.set('span', span.id);
        else next.delete('span');
        return next;
      },
      { replace: true },
    );
  };
  const duration = trace.start !== null && trace.end !== null ? trace.end - trace.start : 0;
  return (
    <Stack gap="sm">
      <Group gap="md" wrap="wrap">
        <Text size="sm">
          <b>{trace.spans.length.toLocaleString()}</b> spans · <b>{formatDuration(duration)}</b> ·{' '}
          <Text span inherit c={trace.errorCount > 0 ? 'red' : undefined}>
            <b>{trace.errorCount}</b> {trace.errorCount === 1 ? 'error' : 'errors'}
          </Text>
        </Text>
        <Group gap={6} aria-label="Services">
          {trace.projects.map((project) => (
            <Badge key={project} color={colors.get(project)} variant="light">
              {project}
            </Badge>
          ))}
        </Group>
      </Group>
      {trace.orphanErrors.length > 0 && (
        <Text size="sm" c="dimmed">
          {trace.orphanErrors.length} error(s) of this trace happened in spans that were not received:{' '}
          {trace.orphanErrors.map((e) => e.title).join('; ')}
        </Text>
      )}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: selected ? 'minmax(0, 1fr) 380px' : 'minmax(0, 1fr)',
          gap: 12,
        }}
      >
        <TraceWaterfall trace={trace} colors={colors} selectedId={selectedId} onSelect={select} />
        {selected && trace.start !== null && (
          <SpanDetails
            org={org}
            span={selected}
            traceStart={trace.start}
            color={colors.get(selected.project) ?? 'gray'}
            onClose={() => select(null)}
          />
        )}
      </div>
    </Stack>
  );
}

/** `?span=<id>`, or the span of the error `?event=<id>` (the event the user came from). */
function initialSpan(trace: TraceView, params: URLSearchParams): string | null {
  const span = params.get('span');
  if (span && trace.spans.some((s) => s.id === span)) return span;
  const event = params.get('event')?.toLowerCase().replaceAll('-', '');
  if (!event) return null;
  return trace.spans.find((s) => s.errors.some((e) => e.eventId === event))?.id ?? null;
}
