/** One issue's events over time, stacked by release: when it started, and which release feeds it. */
import type { TimelinePeriod } from '@dexter/contracts';
import { Card, Group, SegmentedControl, Skeleton, Text, useComputedColorScheme } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EChart } from '../../components/EChart';
import { issueTimelineQueryOptions } from './releases-queries';
import { timelineOption } from './timeline-option';

const PERIODS: TimelinePeriod[] = ['24h', '7d', '14d', '30d'];

/** The shortest range that holds the issue's whole life (its first event), up to 30 days. */
function periodFor(firstSeen: string | null): TimelinePeriod {
  const age = Date.now() - Date.parse(firstSeen ?? '');
  if (!Number.isFinite(age)) return '14d';
  if (age <= 20 * 3_600_000) return '24h';
  if (age <= 6.5 * 86_400_000) return '7d';
  return age <= 13 * 86_400_000 ? '14d' : '30d';
}

export default function IssueTimelineChart({
  org,
  issueId,
  firstSeen,
}: {
  org: string;
  issueId: string;
  firstSeen: string | null;
}) {
  const [period, setPeriod] = useState<TimelinePeriod>(() => periodFor(firstSeen));
  const timeline = useQuery(issueTimelineQueryOptions(org, issueId, period));
  const scheme = useComputedColorScheme('light');
  const option = useMemo(
    () =>
      timeline.data
        ? timelineOption({
            ...timeline.data,
            compact: true,
            textColor: scheme === 'dark' ? '#C1C2C5' : '#495057',
          })
        : null,
    [timeline.data, scheme],
  );
  return (
    <Card withBorder radius="md" padding="sm" data-testid="issue-timeline">
      <Group justify="space-between" mb={4}>
        <Text fw={650} size="sm">
          Events by release
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Range"
          value={period}
          onChange={(v) => setPeriod(v as TimelinePeriod)}
          data={PERIODS}
        />
      </Group>
      {timeline.isError && (
        <Text size="sm" c="dimmed">
          The timeline is not available: {timeline.error.message}
        </Text>
      )}
      {timeline.isPending && <Skeleton height={160} />}
      {option && <EChart option={option} height={170} label="Events of this issue per release over time" />}
    </Card>
  );
}
