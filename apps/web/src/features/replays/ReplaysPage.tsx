/** A project's session replays, newest first; pick the project at the top right. */
import { Group, Select, Skeleton, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { projectsQueryOptions } from '../organizations/organizations-queries';
import { ReplayTable } from './ReplayTable';
import { replayListQueryOptions } from './replays-queries';

export function ReplaysPage() {
  const org = useParams().org ?? '';
  const projects = useQuery(projectsQueryOptions(org));
  const [params, setParams] = useSearchParams();
  const project = params.get('project') ?? projects.data?.projects[0]?.id ?? null;

  if (projects.isPending) return <PageLoader />;
  if (projects.isError) return <ErrorState title="Projects could not be loaded" error={projects.error} />;
  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Group justify="space-between">
        <Title order={2}>Replays</Title>
        <Select
          aria-label="Project"
          data={projects.data.projects.map((p) => ({ value: p.id, label: p.name || p.slug }))}
          value={project}
          onChange={(value) => value && setParams({ project: value }, { replace: true })}
          allowDeselect={false}
          w={220}
        />
      </Group>
      {project && <ProjectReplays org={org} project={project} />}
    </Stack>
  );
}

function ProjectReplays({ org, project }: { org: string; project: string }) {
  const replays = useQuery(replayListQueryOptions(org, { project }));
  if (replays.isPending) return <Skeleton height={240} />;
  if (replays.isError)
    return (
      <ErrorState
        title="Replays could not be loaded"
        error={replays.error}
        onRetry={() => void replays.refetch()}
      />
    );
  if (replays.data.replays.length === 0)
    return (
      <EmptyMessage
        title="No replays in the last 30 days"
        description="Add the SDK's replayIntegration to the project's pages; sessions it samples appear here."
      />
    );
  return <ReplayTable org={org} replays={replays.data.replays} />;
}
