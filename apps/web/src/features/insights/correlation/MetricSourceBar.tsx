/**
 * What the chosen metric is and how fresh: its kind and query (or upload span), its points, when
 * it was last polled, with "Poll now" for a Prometheus source and a two-step "Delete".
 */
import type { MetricSource } from '@dexter/contracts';
import { Badge, Button, Code, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../../api/describe-error';
import { RelativeTime } from '../../../components/RelativeTime';
import { useNow } from '../../../lib/use-now';
import { deleteMetricSource, pollMetricSource } from './correlation-queries';

interface MetricSourceBarProps {
  org: string;
  source: MetricSource;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '–');

export function MetricSourceBar({ org, source }: MetricSourceBarProps) {
  const now = useNow();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // Everything of this organization's insights: the list, the chart and the ranking.
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['insights', org] });
  const poll = useMutation({ mutationFn: () => pollMetricSource(org, source.id), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => deleteMetricSource(org, source.id), onSuccess: refresh });
  const problem = poll.error ?? remove.error;
  return (
    <Group gap="xs" wrap="wrap" data-testid="metric-source-bar">
      <Badge variant="light" color={source.kind === 'prometheus' ? 'orange' : 'blue'}>
        {source.kind === 'prometheus' ? 'Prometheus' : 'CSV upload'}
      </Badge>
      {source.kind === 'prometheus' ? (
        <Text size="xs" c="dimmed">
          <Code>{source.query}</Code> at {source.baseUrl}, every{' '}
          {Math.round((source.pollSeconds ?? 300) / 60)} min
          {source.lastPolledAt && (
            <>
              , polled <RelativeTime value={source.lastPolledAt} now={now} />
            </>
          )}
        </Text>
      ) : null}
      <Text size="xs" c="dimmed">
        {source.points.toLocaleString('en-US')} points, {day(source.firstAt)} to {day(source.lastAt)}
      </Text>
      {source.kind === 'prometheus' && (
        <Button size="compact-xs" variant="subtle" loading={poll.isPending} onClick={() => poll.mutate()}>
          Poll now
        </Button>
      )}
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        loading={remove.isPending}
        onClick={() => (confirming ? remove.mutate() : setConfirming(true))}
        onBlur={() => setConfirming(false)}
      >
        {confirming ? `Delete ${source.name}?` : 'Delete'}
      </Button>
      {problem && (
        <Text size="xs" c="red" role="alert">
          {describeError(problem).message}
        </Text>
      )}
    </Group>
  );
}
