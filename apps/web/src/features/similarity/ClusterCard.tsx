/**
 * One cluster in the clusters view: impact, confidence (weakest link), members, and bulk actions that
 * need a confirming second click. "Merge per project" is off when no project holds two members.
 * The links that hold the cluster together are listed with the same badge the issue page shows for
 * each pair, weakest first: the cluster's confidence is that first link's, never another number.
 */
import type { ClusterLink, IssueCluster } from '@dexter/contracts';
import { Anchor, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { StatusBadge } from '../issues/IssueBadges';
import { formatExactCount } from '../issues/issue-display';
import { ConfidenceBadge } from './ConfidenceBadge';
import { clusterUsers } from './similarity-display';
import { useSimilarityAction } from './similarity-queries';

/** Projects holding two or more of the cluster's issues: only those can be merged (per project). */
const mergeableProjects = (cluster: IssueCluster) => {
  const counts = new Map<string, number>();
  for (const issue of cluster.members)
    counts.set(issue.project.slug, (counts.get(issue.project.slug) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([slug]) => slug);
};

/** One cluster: its confidence (weakest link), impact, members, and bulk actions on all of them. */
export function ClusterCard({
  org,
  cluster,
  canAct,
}: {
  org: string;
  cluster: IssueCluster;
  canAct: boolean;
}) {
  const now = useNow();
  const action = useSimilarityAction(org);
  const [confirm, setConfirm] = useState<'merge' | 'resolve' | null>(null);
  const mergeable = mergeableProjects(cluster);
  const run = (kind: 'merge' | 'resolve') => {
    if (confirm !== kind) return setConfirm(kind);
    setConfirm(null);
    action.mutate({ action: kind, issueIds: cluster.members.map((issue) => issue.id) });
  };

  return (
    <Paper withBorder p="md" data-testid="cluster" data-cluster-id={cluster.id}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text fw={700} style={{ wordBreak: 'break-word' }}>
              {cluster.members[0]?.title}
            </Text>
            <Text size="sm" c="dimmed" data-testid="cluster-impact">
              {formatExactCount(cluster.totalEvents)} events ·{' '}
              {clusterUsers(cluster.members.map((issue) => issue.userCount))} · {cluster.members.length}{' '}
              issues in {cluster.projects.join(', ')}
            </Text>
          </Stack>
          <ConfidenceBadge
            level={cluster.level}
            confidence={cluster.confidence}
            feedback={
              cluster.confirmedBy.length > 0
                ? { verdict: 'same', userName: cluster.confirmedBy.join(', '), createdAt: '' }
                : null
            }
            testId="cluster-confidence"
          />
        </Group>
        <ClusterLinks org={org} cluster={cluster} />
        <Table striped withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Issue</Table.Th>
              <Table.Th>Project</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Events</Table.Th>
              <Table.Th ta="right">Users</Table.Th>
              <Table.Th>Last seen</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cluster.members.map((issue) => (
              <Table.Tr key={issue.id} data-testid="cluster-member" data-issue-id={issue.id}>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/${encodeURIComponent(org)}/issues/${issue.id}`}
                    ff="monospace"
                  >
                    {issue.shortId}
                  </Anchor>{' '}
                  <Text span size="sm" c="dimmed">
                    {issue.culprit}
                  </Text>
                </Table.Td>
                <Table.Td>{issue.project.name}</Table.Td>
                <Table.Td>
                  <StatusBadge status={issue.status} />
                </Table.Td>
                <Table.Td ta="right">{formatExactCount(issue.count)}</Table.Td>
                <Table.Td ta="right">{formatExactCount(issue.userCount)}</Table.Td>
                <Table.Td>
                  <RelativeTime value={issue.lastSeen} now={now} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canAct && (
          <Group gap="xs">
            <Button
              size="xs"
              color={confirm === 'resolve' ? 'red' : 'green'}
              variant={confirm === 'resolve' ? 'filled' : 'light'}
              loading={action.isPending}
              onClick={() => run('resolve')}
              data-testid="cluster-resolve"
            >
              {confirm === 'resolve' ? `Confirm: resolve ${cluster.members.length} issues` : 'Resolve all'}
            </Button>
            <Button
              size="xs"
              color={confirm === 'merge' ? 'red' : 'blue'}
              variant={confirm === 'merge' ? 'filled' : 'light'}
              disabled={mergeable.length === 0}
              loading={action.isPending}
              onClick={() => run('merge')}
              title={
                mergeable.length === 0
                  ? 'Every issue is in a different project: Sentry merges within one project'
                  : undefined
              }
              data-testid="cluster-merge"
            >
              {confirm === 'merge' ? `Confirm: merge within ${mergeable.join(', ')}` : 'Merge per project'}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** "Weakest link SHOP-1 ↔ BILLING-3 possibly same bug 28 %", then the other links, each as on the issue page. */
function ClusterLinks({ org, cluster }: { org: string; cluster: IssueCluster }) {
  const shortId = new Map(cluster.members.map((issue) => [issue.id, issue.shortId]));
  const issueLink = (id: string) => (
    <Anchor component={Link} to={`/${encodeURIComponent(org)}/issues/${id}`} ff="monospace" size="sm">
      {shortId.get(id) ?? id}
    </Anchor>
  );
  const row = (link: ClusterLink, index: number) => (
    <Group
      key={`${link.issueA}:${link.issueB}`}
      gap="xs"
      data-testid="cluster-link"
      data-issue-a={link.issueA}
      data-issue-b={link.issueB}
    >
      <Text size="sm" c="dimmed" w={90}>
        {index === 0 ? 'Weakest link' : 'Link'}
      </Text>
      {issueLink(link.issueA)}
      <Text size="sm" c="dimmed">
        ↔
      </Text>
      {issueLink(link.issueB)}
      <ConfidenceBadge level={link.level} confidence={link.confidence} testId="cluster-link-confidence" />
    </Group>
  );
  return <Stack gap={4}>{cluster.links.map(row)}</Stack>;
}
