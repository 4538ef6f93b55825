/**
 * An organization's releases: the timeline of events with deploy markers on top, then the
 * releases newest first with their health, adoption and last deploy per environment, filtered by
 * a version prefix that lives in the URL.
 */
import type { Release } from '@dexter/contracts';
import { Anchor, Button, Code, Group, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { useAfterPaint } from '../../lib/use-after-paint';
import { useNow } from '../../lib/use-now';
import { CrashFreeBadge, EnvironmentBadge, ReleaseStatusBadge } from './ReleaseBadges';
import { releaseListQueryOptions, releasePath } from './releases-queries';
import { useLiveDeployNotices } from './use-live-deploy-notices';

/** ECharts loads with the timeline, after the table: the rows never wait for the chart's code or its drawing. */
const ReleaseTimeline = lazy(async () => ({ default: (await import('./ReleaseTimeline')).ReleaseTimeline }));

export function ReleasesPage() {
  const org = useParams().org ?? '';
  const [params, setParams] = useSearchParams();
  const query = params.get('query') ?? '';
  const [input, setInput] = useState(query);
  const [debounced] = useDebouncedValue(input.trim(), 300);
  useEffect(() => {
    if (debounced === query) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (debounced) next.set('query', debounced);
        else next.delete('query');
        return next;
      },
      { replace: true },
    );
  }, [debounced, query, setParams]);

  const releases = useInfiniteQuery(releaseListQueryOptions(org, query));
  useLiveDeployNotices(org);
  const items = releases.data?.pages.flatMap((page) => page.items) ?? [];
  const rowsPainted = useAfterPaint(!releases.isPending);
  const now = useNow();

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Releases</Title>
        <TextInput
          aria-label="Search releases by version prefix"
          placeholder="Version starts with…"
          w={280}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          data-testid="releases-search"
        />
      </Group>
      {/* The rows first: the timeline (its reads, then its chart) mounts once they have painted. */}
      <Suspense fallback={<Skeleton height={392} radius="md" />}>
        {rowsPainted ? <ReleaseTimeline org={org} /> : <Skeleton height={392} radius="md" />}
      </Suspense>
      {releases.isError && (
        <ErrorState
          title="Could not load releases"
          error={releases.error}
          onRetry={() => releases.refetch()}
        />
      )}
      {releases.isPending && <PageLoader label="Loading releases" />}
      {releases.isSuccess && items.length === 0 && (query ? <NoMatch query={query} /> : <NoReleases />)}
      {items.length > 0 && (
        <Table striped highlightOnHover data-testid="releases-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Projects</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Released</Table.Th>
              <Table.Th>Crash-free sessions</Table.Th>
              <Table.Th>Crash-free users</Table.Th>
              <Table.Th ta="right">Adoption</Table.Th>
              <Table.Th>Last deploy</Table.Th>
              <Table.Th ta="right">Deploys</Table.Th>
              <Table.Th ta="right">New issues</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((release) => (
              <ReleaseRow key={release.version} org={org} release={release} now={now} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {releases.hasNextPage && (
        <Button
          variant="default"
          onClick={() => releases.fetchNextPage()}
          loading={releases.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}

function ReleaseRow({ org, release, now }: { org: string; release: Release; now: number }) {
  return (
    <Table.Tr data-testid="release-row" data-version={release.version}>
      <Table.Td>
        <Anchor component={Link} to={releasePath(org, release.version)} ff="monospace" size="sm">
          {release.shortVersion}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{release.projects.map((p) => p.slug).join(', ') || '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <RelativeTime value={release.dateCreated} now={now} />
        </Text>
      </Table.Td>
      <Table.Td>
        {release.dateReleased ? (
          <Text size="sm">
            <RelativeTime value={release.dateReleased} now={now} />
          </Text>
        ) : (
          <ReleaseStatusBadge release={release} />
        )}
      </Table.Td>
      <Table.Td data-testid="release-crash-free-sessions">
        <CrashFreeBadge value={release.health?.crashFreeSessions ?? null} />
      </Table.Td>
      <Table.Td data-testid="release-crash-free-users">
        <CrashFreeBadge value={release.health?.crashFreeUsers ?? null} />
      </Table.Td>
      <Table.Td ta="right" data-testid="release-adoption">
        <Text size="sm" c={release.health?.adoption == null ? 'dimmed' : undefined}>
          {release.health?.adoption == null ? '—' : `${release.health.adoption.toFixed(0)}%`}
        </Text>
      </Table.Td>
      <Table.Td data-testid="release-last-deploy">
        {release.lastDeploys.length > 0 ? (
          <Stack gap={4}>
            {release.lastDeploys.map((deploy) => (
              <Group key={deploy.environment ?? ''} gap={6} wrap="nowrap">
                <EnvironmentBadge environment={deploy.environment} />
                <Text size="sm" c="dimmed">
                  <RelativeTime value={deploy.dateFinished} now={now} />
                </Text>
              </Group>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right">{release.deployCount}</Table.Td>
      <Table.Td ta="right">{release.newGroups}</Table.Td>
    </Table.Tr>
  );
}

function NoReleases() {
  return (
    <EmptyMessage
      title="No releases yet"
      description="Create one with sentry-cli releases new, then tell the SDKs its version:"
    >
      <Code block>{'sentry-cli releases new "$VERSION"\nsentry-cli releases finalize "$VERSION"'}</Code>
    </EmptyMessage>
  );
}

function NoMatch({ query }: { query: string }) {
  return <EmptyMessage title="No matching releases" description={`No version starts with “${query}”.`} />;
}
