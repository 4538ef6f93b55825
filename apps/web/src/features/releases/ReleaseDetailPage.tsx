/** One release: its status, the facts a release manager checks, and where it was deployed. */
import type { Deploy, Release } from '@dexter/contracts';
import { Anchor, Box, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api/http';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { KeyValueTable } from '../../components/KeyValueTable';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { EnvironmentBadge, ReleaseStatusBadge } from './ReleaseBadges';
import { releaseDetailQueryOptions } from './releases-queries';

export function ReleaseDetailPage() {
  const { org = '', version = '' } = useParams();
  const detail = useQuery(releaseDetailQueryOptions(org, version));
  const now = useNow();
  const back = (
    <Anchor component={Link} to={`/${encodeURIComponent(org)}/releases`} size="sm">
      ← All releases
    </Anchor>
  );

  if (detail.isPending) return <PageLoader label="Loading release" />;
  if (detail.isError) {
    if (isApiError(detail.error) && detail.error.status === 404) {
      return (
        <EmptyMessage title="Release not found" description={`No release has the version “${version}”.`}>
          {back}
        </EmptyMessage>
      );
    }
    return (
      <Stack gap="md">
        {back}
        <ErrorState
          title="Could not load the release"
          error={detail.error}
          onRetry={() => detail.refetch()}
        />
      </Stack>
    );
  }

  const { release, deploys } = detail.data;
  return (
    <Stack gap="md" maw={960}>
      {back}
      <Group gap="sm" align="center">
        <Title order={2} ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="release-version">
          {release.version}
        </Title>
        <ReleaseStatusBadge release={release} />
      </Group>
      <Box maw={560}>
        <ReleaseFacts release={release} now={now} />
      </Box>
      <Title order={4}>Deploys</Title>
      {deploys.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not deployed yet: sentry-cli releases deploys "$VERSION" new -e production records one.
        </Text>
      ) : (
        <DeployTable deploys={deploys} now={now} />
      )}
    </Stack>
  );
}

function ReleaseFacts({ release, now }: { release: Release; now: number }) {
  const authors = release.authors.map((a) => a.name ?? a.email ?? 'unknown').join(', ');
  return (
    <KeyValueTable
      label="Release facts"
      testId="release-facts"
      rows={[
        ['Created', <RelativeTime key="created" value={release.dateCreated} now={now} />],
        [
          'Released',
          release.dateReleased ? (
            <RelativeTime key="released" value={release.dateReleased} now={now} />
          ) : (
            'not finalized'
          ),
        ],
        ['Projects', release.projects.map((p) => p.name).join(', ') || '—'],
        ['Commits', String(release.commitCount)],
        ['Authors', authors || '—'],
        ['New issues', String(release.newGroups)],
      ]}
    />
  );
}

function DeployTable({ deploys, now }: { deploys: Deploy[]; now: number }) {
  return (
    <Table striped data-testid="deploys-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Environment</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>Finished</Table.Th>
          <Table.Th>URL</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {deploys.map((deploy, index) => (
          <Table.Tr key={deploy.id ?? index} data-testid="deploy-row">
            <Table.Td>
              <EnvironmentBadge environment={deploy.environment} />
            </Table.Td>
            <Table.Td>{deploy.name ?? '—'}</Table.Td>
            <Table.Td>
              <RelativeTime value={deploy.dateStarted} now={now} />
            </Table.Td>
            <Table.Td>
              <RelativeTime value={deploy.dateFinished} now={now} />
            </Table.Td>
            <Table.Td>
              {deploy.url ? (
                <Anchor href={deploy.url} target="_blank" rel="noreferrer" size="sm">
                  {deploy.url}
                </Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
