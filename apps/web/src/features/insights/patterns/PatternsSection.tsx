/**
 * The patterns of the selected projects as three cards: spikes in the last 24 hours against each
 * issue's usual level at that hour, periodic (cron-like) issues, and issues across projects that
 * started and stopped together with the release or deploy nearest to their start. Every issue
 * links to its page, and each card to the stream showing exactly its issues.
 */
import type { CoOccurrencePattern, PatternIssue, Patterns } from '@dexter/contracts';
import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState';
import { hourOf, offsetOf, scheduleOf, spikeSummary } from './pattern-format';
import { issuePath, issuesStreamPath, patternsQueryOptions } from './patterns-queries';

export function PatternsSection({ org, projects }: { org: string; projects: readonly string[] }) {
  const patterns = useQuery(patternsQueryOptions(org, projects));
  return (
    <Paper withBorder p="md" component="section" aria-label="Patterns">
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="md">
          Patterns
        </Title>
        {patterns.data && (
          <Text size="xs" c="dimmed">
            The {patterns.data.issuesConsidered} most frequent unresolved issues, hourly since{' '}
            {hourOf(patterns.data.window.start)}
          </Text>
        )}
      </Group>
      {patterns.isError ? (
        <ErrorState
          title="Could not find patterns"
          error={patterns.error}
          onRetry={() => void patterns.refetch()}
        />
      ) : !patterns.data ? (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Skeleton height={180} />
          <Skeleton height={180} />
          <Skeleton height={180} />
        </SimpleGrid>
      ) : (
        <PatternCards org={org} patterns={patterns.data} />
      )}
    </Paper>
  );
}

function PatternCards({ org, patterns }: { org: string; patterns: Patterns }) {
  const { spikes, periodic, coOccurrences } = patterns;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <PatternCard
        title="Spikes"
        hint="Last 24 hours, against the same hour on previous days"
        empty="No issue rose far above its usual level for the hour."
        org={org}
        shortIds={spikes.map((spike) => spike.issue.shortId)}
      >
        {spikes.map((spike) => (
          <PatternItem key={`${spike.issue.id}-${spike.at}`} org={org} issue={spike.issue}>
            {spikeSummary(spike.count, spike.expected)} at {hourOf(spike.at)}
          </PatternItem>
        ))}
      </PatternCard>
      <PatternCard
        title="Periodic"
        hint="Events that come back at the same time, like a scheduled job"
        empty="No issue follows a daily or hourly schedule."
        org={org}
        shortIds={periodic.map((item) => item.issue.shortId)}
      >
        {periodic.map((item) => (
          <PatternItem key={item.issue.id} org={org} issue={item.issue}>
            {scheduleOf(item.period, item.phaseMinutes)}, on {item.cycles}{' '}
            {item.period === 'daily' ? 'days' : 'hours'}
          </PatternItem>
        ))}
      </PatternCard>
      <PatternCard
        title="Co-occurring"
        hint="Issues in different projects that started and stopped together: perhaps one cause"
        empty="No issues started and stopped together."
        org={org}
        shortIds={[]}
      >
        {coOccurrences.map((group) => (
          <CoOccurrenceItem key={group.issues.map((issue) => issue.id).join('-')} org={org} group={group} />
        ))}
      </PatternCard>
    </SimpleGrid>
  );
}

interface PatternCardProps {
  title: string;
  hint: string;
  empty: string;
  org: string;
  /** The card's issues for its stream link (none: no card-wide link). */
  shortIds: string[];
  children: ReactNode[];
}

function PatternCard({ title, hint, empty, org, shortIds, children }: PatternCardProps) {
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-label={title}>
      <Group justify="space-between" align="baseline" mb={4}>
        <Text fw={600}>{title}</Text>
        <Badge variant="light" color={children.length > 0 ? 'orange' : 'gray'} radius="sm">
          {children.length}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {hint}
      </Text>
      {children.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap="sm">{children}</Stack>
      )}
      {shortIds.length > 0 && (
        <Anchor component={Link} to={issuesStreamPath(org, shortIds)} size="xs" mt="sm" display="block">
          Show in the stream
        </Anchor>
      )}
    </Paper>
  );
}

function IssueLink({ org, issue }: { org: string; issue: PatternIssue }) {
  return (
    <Group gap={6} wrap="nowrap" miw={0}>
      <Text ff="monospace" size="xs" c="dimmed" style={{ flexShrink: 0 }}>
        {issue.shortId}
      </Text>
      <Anchor component={Link} to={issuePath(org, issue.id)} size="sm" truncate="end" title={issue.title}>
        {issue.title}
      </Anchor>
    </Group>
  );
}

function PatternItem({ org, issue, children }: { org: string; issue: PatternIssue; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <IssueLink org={org} issue={issue} />
      <Text size="xs">{children}</Text>
    </Stack>
  );
}

function CoOccurrenceItem({ org, group }: { org: string; group: CoOccurrencePattern }) {
  const release = group.nearestRelease;
  return (
    <Stack gap={2}>
      {group.issues.map((issue) => (
        <Group key={issue.id} gap={6} wrap="nowrap">
          <Badge variant="outline" size="xs" radius="sm" style={{ flexShrink: 0 }}>
            {issue.project.slug}
          </Badge>
          <IssueLink org={org} issue={issue} />
        </Group>
      ))}
      <Text size="xs">
        From {hourOf(group.start)} {group.stopped ? `to ${hourOf(group.end)}` : '(still active)'}
        {release
          ? `; ${release.kind} ${release.version}${release.environment ? ` to ${release.environment}` : ''} ${offsetOf(release.offsetMinutes)}`
          : '; no release or deploy near the start'}
      </Text>
      <Anchor
        component={Link}
        to={issuesStreamPath(
          org,
          group.issues.map((issue) => issue.shortId),
        )}
        size="xs"
      >
        Show together in the stream
      </Anchor>
    </Stack>
  );
}
