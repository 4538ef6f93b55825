/**
 * One release: its status and facts, the regression check's notice when a deploy of it looks bad,
 * how it compares with the previous release, its health over time, the issues it brought, brought
 * back and fixed, its commits and its deploys.
 */
import type { Deploy, DeployNotice, Release } from '@dexter/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api/http';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { KeyValueTable } from '../../components/KeyValueTable';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { NoticePanel } from './DeployDrawer';
import { HealthSection } from './HealthChart';
import { CrashFreeBadge, EnvironmentBadge, ReleaseStatusBadge } from './ReleaseBadges';
import { CommitsSection, ComparisonSection, IssuesSection, Section } from './ReleaseSections';
import {
  deployNoticesQueryOptions,
  releaseDetailQueryOptions,
  releaseInsightsQueryOptions,
} from './releases-queries';
import { useLiveDeployNotices } from './use-live-deploy-notices';

export function ReleaseDetailPage() {
  const { org = '', version = '' } = useParams();
  const detail = useQuery(releaseDetailQueryOptions(org, version));
  const insights = useQuery(releaseInsightsQueryOptions(org, version));
  const notices = useQuery(deployNoticesQueryOptions(org, { release: version }));
  useLiveDeployNotices(org);
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
  const noticeList = notices.data?.items ?? [];
  const flagged = noticeList.filter((notice) => notice.flagged);
  return (
    <Stack gap="md" maw={1200}>
      {back}
      <Group gap="sm" align="center">
        <Title order={2} ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="release-version">
          {release.version}
        </Title>
        <ReleaseStatusBadge release={release} />
        {flagged.length > 0 && (
          <Badge color="red" variant="filled" data-testid="release-flagged-badge">
            deploy looks bad
          </Badge>
        )}
      </Group>
      {flagged.map((notice) => (
        <FlaggedNotice key={notice.deployKey} notice={notice} />
      ))}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title="Release" testId="release-summary">
          <Box>
            <ReleaseFacts release={release} now={now} />
          </Box>
        </Section>
        {insights.data ? (
          <ComparisonSection org={org} section={insights.data.comparison} />
        ) : (
          <InsightsPending error={insights.error} />
        )}
      </SimpleGrid>
      {insights.data && (
        <>
          <HealthSection section={insights.data.health} />
          <IssuesSection
            org={org}
            title="New issues"
            testId="release-new-issues"
            section={insights.data.newIssues}
            empty="No issue was first seen in this release."
            now={now}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <IssuesSection
              org={org}
              title="Regressed"
              testId="release-regressed-issues"
              section={insights.data.regressedIssues}
              empty="No resolved issue came back in this release."
              now={now}
            />
            <IssuesSection
              org={org}
              title="Resolved in this release"
              testId="release-resolved-issues"
              section={insights.data.resolvedIssues}
              empty="No issue was resolved in this release."
              now={now}
            />
          </SimpleGrid>
          <CommitsSection section={insights.data.commits} now={now} />
        </>
      )}
      <Section title="Deploys" count={deploys.length} testId="release-deploys">
        {deploys.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not deployed yet: sentry-cli releases deploys "$VERSION" new -e production records one.
          </Text>
        ) : (
          <DeployTable deploys={deploys} notices={noticeList} release={release.version} now={now} />
        )}
      </Section>
    </Stack>
  );
}

function FlaggedNotice({ notice }: { notice: DeployNotice }) {
  return (
    <Box data-testid="release-flagged-notice">
      <Text size="sm" fw={600} mb={4}>
        Deploy to {notice.environment ?? 'an unknown environment'},{' '}
        {new Date(notice.dateFinished).toLocaleString()}
      </Text>
      <NoticePanel notice={notice} />
    </Box>
  );
}

function InsightsPending({ error }: { error: Error | null }) {
  if (error) {
    return (
      <Alert color="red" variant="light" title="Could not load this release’s insights">
        {error.message}
      </Alert>
    );
  }
  return <Skeleton height={180} radius="md" />;
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
        [
          'Crash-free sessions (24 h)',
          release.health ? <CrashFreeBadge key="health" value={release.health.crashFreeSessions} /> : null,
        ],
      ]}
    />
  );
}

function DeployTable({
  deploys,
  notices,
  release,
  now,
}: {
  deploys: Deploy[];
  notices: DeployNotice[];
  release: string;
  now: number;
}) {
  const noticeOf = (deploy: Deploy) =>
    notices.find(
      (notice) =>
        notice.deployKey === `${release}#${deploy.id ?? deploy.dateFinished}` ||
        (notice.environment === deploy.environment && notice.dateFinished === deploy.dateFinished),
    );
  return (
    <Table striped data-testid="deploys-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Environment</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>Finished</Table.Th>
          <Table.Th>URL</Table.Th>
          <Table.Th>Regression check</Table.Th>
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
            <Table.Td>
              <NoticeBadge notice={noticeOf(deploy) ?? null} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function NoticeBadge({ notice }: { notice: DeployNotice | null }) {
  if (!notice) {
    return (
      <Text size="sm" c="dimmed">
        not checked yet
      </Text>
    );
  }
  return notice.flagged ? (
    <Badge color="red" variant="light" data-testid="deploy-check" title={notice.summary}>
      looks bad
    </Badge>
  ) : (
    <Badge color="green" variant="light" data-testid="deploy-check" title={notice.summary}>
      no regression
    </Badge>
  );
}
