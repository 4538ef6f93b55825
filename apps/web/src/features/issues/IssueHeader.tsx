import type { Issue } from '@dexter/contracts';
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import { discoverLinkOfIssue } from '../../lib/discover-links';
import { useNow } from '../../lib/use-now';
import { useDexterMode } from '../store-admin/use-dexter-mode';
import { ISSUE_PAGE_KEYMAP } from '../triage/issue-keymap';
import { useKeymap } from '../triage/use-keymap';
import { IssueActionsMenu } from './IssueActionsMenu';
import { LevelBadge, StatusBadge } from './IssueBadges';
import { IssueCategoryBadge } from './IssueCategoryTag';
import { formatExactCount } from './issue-display';
import { useUpdateIssueStatus } from './issues-queries';

export function IssueHeader({ org, issue }: { org: string; issue: Issue }) {
  const now = useNow();
  // In standalone mode the permalink is Dexter's own page: there is no Sentry to open.
  const mode = useDexterMode();
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={4} miw={0}>
          <Group gap="xs">
            <Text ff="monospace" fw={600} size="sm" data-testid="issue-short-id">
              {issue.shortId}
            </Text>
            <Text size="sm" c="dimmed">
              {issue.project.name}
            </Text>
            <LevelBadge level={issue.level} />
            <StatusBadge status={issue.status} testId="issue-status" />
            <IssueCategoryBadge category={issue.category} org={org} />
          </Group>
          <Title order={2} fz="h3" style={{ wordBreak: 'break-word' }} data-testid="issue-title">
            {issue.title}
          </Title>
          {issue.culprit && (
            <Text ff="monospace" size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {issue.culprit}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          <IssueActionsMenu org={org} issue={issue} />
          <ResolveButton org={org} issue={issue} />
        </Group>
      </Group>
      <Group gap="xl" mt="md">
        <Fact label="Events">{formatExactCount(issue.count)}</Fact>
        <Fact label="Users">{formatExactCount(issue.userCount)}</Fact>
        <Fact label="First seen">
          <RelativeTime value={issue.firstSeen} now={now} />
        </Fact>
        <Fact label="Last seen">
          <RelativeTime value={issue.lastSeen} now={now} />
        </Fact>
        <Fact label="Assignee">
          <span data-testid="issue-assignee">{issue.assignedTo?.name ?? 'nobody'}</span>
        </Fact>
        {issue.priority && <Fact label="Priority">{issue.priority}</Fact>}
        {issue.firstRelease && (
          <Fact label="First release">
            <ReleaseLink org={org} version={issue.firstRelease} testId="issue-first-release" />
          </Fact>
        )}
        {issue.lastRelease && issue.lastRelease !== issue.firstRelease && (
          <Fact label="Last release">
            <ReleaseLink org={org} version={issue.lastRelease} testId="issue-last-release" />
          </Fact>
        )}
        {issue.isBookmarked && <Fact label="Bookmarked">yes</Fact>}
        {issue.permalink && mode === 'companion' && (
          <Fact label="Sentry">
            <Anchor href={issue.permalink} target="_blank" rel="noreferrer">
              Open in Sentry
            </Anchor>
          </Fact>
        )}
        <Fact label="Its events">
          <Anchor component={Link} to={discoverLinkOfIssue(org, issue.shortId)}>
            Open in Discover
          </Anchor>
        </Fact>
      </Group>
    </Paper>
  );
}

function ResolveButton({ org, issue }: { org: string; issue: Issue }) {
  const update = useUpdateIssueStatus(org);
  const resolved = issue.status === 'resolved';
  const toggle = () => update.mutate({ issue, status: resolved ? 'unresolved' : 'resolved' });
  // `r`, as in the stream: resolve (or unresolve) the issue on screen; the toast can undo it.
  useKeymap(ISSUE_PAGE_KEYMAP, (command) => {
    if (command !== 'resolve' || update.isPending) return false;
    toggle();
    return true;
  });
  return (
    <Button
      data-testid="resolve-button"
      variant={resolved ? 'default' : 'filled'}
      color={resolved ? undefined : 'green'}
      disabled={update.isPending}
      onClick={toggle}
      style={{ flexShrink: 0 }}
    >
      {resolved ? 'Unresolve' : 'Resolve'}
    </Button>
  );
}

function ReleaseLink({ org, version, testId }: { org: string; version: string; testId: string }) {
  return (
    <Anchor
      component={Link}
      to={`/${encodeURIComponent(org)}/releases/${encodeURIComponent(version)}`}
      inherit
      data-testid={testId}
    >
      {version}
    </Anchor>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {children}
      </Text>
    </div>
  );
}
