import { Anchor, Grid, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { ArrowLeftIcon } from '../../components/icons';
import { PageLoader } from '../../components/PageLoader';
import { IssueGeoPanel } from '../insights/IssueGeoPanel';
import { useLiveIssueDetail } from '../live/use-live-issue-detail';
import { IssueTimelinePanel } from '../releases/IssueTimelinePanel';
import { SimilarIssuesPanel } from '../similarity/SimilarIssuesPanel';
import { BreadcrumbList } from './BreadcrumbList';
import { EventDetails } from './EventDetails';
import { IssueContextPanels } from './IssueContextPanels';
import { IssueHeader } from './IssueHeader';
import { issueDetailQueryOptions } from './issues-queries';
import { StackTrace } from './StackTrace';
import { SuspectCommits } from './SuspectCommits';

export function IssueDetailPage() {
  const params = useParams();
  const org = params.org ?? '';
  const issueId = params.issueId ?? '';
  const detail = useQuery(issueDetailQueryOptions(org, issueId));
  useLiveIssueDetail(org, issueId);

  let content: React.ReactNode;
  if (detail.isError) {
    content = (
      <ErrorState
        title="Could not load this issue"
        error={detail.error}
        onRetry={() => void detail.refetch()}
      />
    );
  } else if (!detail.data) {
    content = <PageLoader label="Loading issue" />;
  } else {
    const { issue, latestEvent } = detail.data;
    content = (
      <>
        <IssueHeader org={org} issue={issue} />
        {latestEvent ? (
          <Grid gap="xl">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="xl">
                <StackTrace exceptions={latestEvent.exceptions} />
                <SimilarIssuesPanel org={org} issueId={issue.id} />
                <BreadcrumbList breadcrumbs={latestEvent.breadcrumbs} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <IssueTimelinePanel org={org} issueId={issue.id} firstSeen={issue.firstSeen} />
                <EventDetails event={latestEvent} />
                <SuspectCommits org={org} issueId={issue.id} />
                <IssueGeoPanel org={org} issueId={issue.id} />
                <IssueContextPanels org={org} issueId={issue.id} />
              </Stack>
            </Grid.Col>
          </Grid>
        ) : (
          <Text c="dimmed">No event is stored for this issue yet.</Text>
        )}
      </>
    );
  }

  return (
    <Stack gap="lg" maw={1400} mx="auto">
      <BackToStream org={org} />
      {content}
    </Stack>
  );
}

/** Back to the stream with the filters the user came from, when they came from it. */
function BackToStream({ org }: { org: string }) {
  const state: unknown = useLocation().state;
  const search =
    typeof state === 'object' &&
    state !== null &&
    'streamSearch' in state &&
    typeof state.streamSearch === 'string'
      ? state.streamSearch
      : '';
  return (
    <Anchor component={Link} to={`/${encodeURIComponent(org)}/issues${search ? `?${search}` : ''}`} size="sm">
      <Group gap={4} component="span">
        <ArrowLeftIcon size={14} />
        Issues
      </Group>
    </Anchor>
  );
}
