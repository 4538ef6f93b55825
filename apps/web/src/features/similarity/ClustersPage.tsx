/**
 * The clusters view (`/:org/clusters`): likely duplicates among open issues across projects, biggest
 * first. Polls while the organization's index is being built; admins can rebuild it.
 */
import { SimilarityRebuildSchema } from '@dexter/contracts';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { apiPath } from '../../api/api-path';
import { apiPost } from '../../api/http';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { ClusterCard } from './ClusterCard';
import { formatPercent } from './similarity-display';
import { clustersQueryOptions, invalidateSimilarity } from './similarity-queries';
import { useCanTriage } from './use-can-triage';

/**
 * Clusters of likely duplicates among the organization's open issues, across projects, ranked by
 * total events and users: the bugs that cost the most first, with what to do about each.
 */
export function ClustersPage() {
  const org = useParams().org ?? '';
  const clusters = useQuery(clustersQueryOptions(org));
  const { triage, admin } = useCanTriage();

  return (
    <Stack gap="lg" maw={1400} mx="auto" data-testid="clusters-page">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Clusters of likely duplicates</Title>
          <Text size="sm" c="dimmed">
            Open issues, across projects, that are probably one bug: joined where the calibrated confidence
            reaches {formatPercent(clusters.data?.threshold ?? 0.2)}, ranked by events and users.
          </Text>
        </Stack>
        {admin && <RebuildButton org={org} />}
      </Group>
      {clusters.data?.indexing && (
        <Alert color="blue" variant="light" data-testid="index-building">
          The similarity index of {org} is being built; clusters appear as it fills.
        </Alert>
      )}
      {clusters.isError ? (
        <ErrorState
          title="Could not load clusters"
          error={clusters.error}
          onRetry={() => void clusters.refetch()}
        />
      ) : !clusters.data ? (
        <Group gap="xs">
          <Loader size="sm" />
          <Text c="dimmed">Clustering open issues…</Text>
        </Group>
      ) : clusters.data.clusters.length === 0 ? (
        <EmptyMessage
          title="No likely duplicates"
          description={`None of the ${clusters.data.openIssues} open issues looks like another one.`}
        />
      ) : (
        <>
          <Text size="sm" c="dimmed" data-testid="clusters-summary">
            {clusters.data.clusters.length} {clusters.data.clusters.length === 1 ? 'cluster' : 'clusters'}{' '}
            among {clusters.data.openIssues} open issues
          </Text>
          {clusters.data.clusters.map((cluster) => (
            <ClusterCard key={cluster.id} org={org} cluster={cluster} canAct={triage} />
          ))}
        </>
      )}
    </Stack>
  );
}

function RebuildButton({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const rebuild = useMutation({
    mutationFn: () =>
      apiPost(apiPath`/organizations/${org}/similarity/rebuild`, undefined, SimilarityRebuildSchema),
    onSuccess: ({ indexedIssues, tookMs }) =>
      notifications.show({
        color: 'green',
        role: 'status',
        title: 'Similarity index rebuilt',
        message: `${indexedIssues} issues indexed in ${(tookMs / 1000).toFixed(1)} s.`,
      }),
    onSettled: () => invalidateSimilarity(queryClient, org),
  });
  return (
    <Button
      variant="default"
      size="xs"
      loading={rebuild.isPending}
      onClick={() => rebuild.mutate()}
      data-testid="rebuild-index"
    >
      Rebuild index
    </Button>
  );
}
