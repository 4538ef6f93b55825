import type { Event } from '@dexter/contracts';
import { Anchor, Badge, Code, Grid, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { ArrowLeftIcon } from '../../components/icons';
import { PageLoader } from '../../components/PageLoader';
import { IssueGeoPanel } from '../insights/IssueGeoPanel';
import { TicketsPanel } from '../integrations/TicketsPanel';
import { useLiveIssueDetail } from '../live/use-live-issue-detail';
import { IssueTimelinePanel } from '../releases/IssueTimelinePanel';
import { IssueReplaysPanel } from '../replays/IssueReplaysPanel';
import { SimilarIssuesPanel } from '../similarity/SimilarIssuesPanel';
import { ISSUE_PAGE_KEYMAP } from '../triage/issue-keymap';
import { useKeymap } from '../triage/use-keymap';
import { BreadcrumbList } from './BreadcrumbList';
import { EventDetails } from './EventDetails';
import { EventNavigator } from './EventNavigator';
import { IssueContextPanels } from './IssueContextPanels';
import { IssueHeader } from './IssueHeader';
import { useIssueIdFromParam } from './issue-route-param';
import { issueDetailQueryOptions, issueEventQueryOptions } from './issues-queries';
import { StackTrace } from './StackTrace';
import { SuspectCommits } from './SuspectCommits';

/**
 * One issue: the header, its events over time (by release, with deploys marked), then the event
 * the URL names (`/issues/:issue/events/:eventId`; the latest without one) in tabs, so the
 * breadcrumbs are one click away instead of below every frame, and the issue-wide panels beside.
 */
export function IssueDetailPage() {
  const params = useParams();
  const org = params.org ?? '';
  const issueParam = params.issueId ?? '';
  const resolved = useIssueIdFromParam(org, issueParam);

  let content: React.ReactNode;
  if (resolved.state === 'resolved') {
    content = (
      <IssueContent
        org={org}
        issueParam={issueParam}
        issueId={resolved.id}
        eventId={params.eventId ?? null}
      />
    );
  } else if (resolved.state === 'pending') {
    content = <PageLoader label="Loading issue" />;
  } else if (resolved.state === 'error') {
    content = <ErrorState title="Could not look this issue up" error={resolved.error} />;
  } else {
    content = <EmptyMessage title="No such issue" description={`Nothing here is called ${issueParam}.`} />;
  }

  return (
    <Stack gap="md" maw={1400} mx="auto">
      <BackToStream org={org} />
      {content}
    </Stack>
  );
}

function IssueContent({
  org,
  issueParam,
  issueId,
  eventId,
}: {
  org: string;
  issueParam: string;
  issueId: string;
  eventId: string | null;
}) {
  const detail = useQuery(issueDetailQueryOptions(org, issueId));
  const picked = useQuery({
    ...issueEventQueryOptions(org, issueId, eventId ?? 'latest'),
    placeholderData: keepPreviousData,
  });
  useLiveIssueDetail(org, issueId);
  useIssueTitle(detail.data?.issue);

  if (detail.isError) {
    return (
      <ErrorState
        title="Could not load this issue"
        error={detail.error}
        onRetry={() => void detail.refetch()}
      />
    );
  }
  if (!detail.data) return <PageLoader label="Loading issue" />;
  const { issue, latestEvent } = detail.data;
  // The latest event comes with the issue: show it at once while its neighbours load.
  const event = picked.data?.event ?? (eventId === null || eventId === 'latest' ? latestEvent : null);
  const issuePath = `/${encodeURIComponent(org)}/issues/${encodeURIComponent(issueParam)}`;

  return (
    <>
      <IssueHeader org={org} issue={issue} />
      <IssueTimelinePanel org={org} issueId={issue.id} firstSeen={issue.firstSeen} />
      {latestEvent === null ? (
        <Text c="dimmed">No event is stored for this issue yet.</Text>
      ) : (
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              {/* The previous event's neighbours would lead astray while the next one loads. */}
              <EventNavigator
                issuePath={issuePath}
                requested={eventId}
                current={picked.isPlaceholderData ? undefined : picked.data}
              />
              {picked.isError && !picked.data && (
                <ErrorState
                  title="Could not load this event"
                  error={picked.error}
                  onRetry={() => void picked.refetch()}
                />
              )}
              {event && <EventTabs event={event} />}
              {/* Issue-wide, not per event: below the tabs, whichever is open. */}
              <SimilarIssuesPanel org={org} issueId={issue.id} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            {/* Issue-wide panels first; the event's long context tables last. */}
            <Stack gap="md">
              <SuspectCommits org={org} issueId={issue.id} />
              <IssueReplaysPanel org={org} issueId={issue.id} />
              <TicketsPanel org={org} issueId={issue.id} />
              <IssueContextPanels org={org} issueId={issue.id} event={event} issuePath={issuePath} />
              <IssueGeoPanel org={org} issueId={issue.id} />
              {event && <EventDetails event={event} />}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}

/** What the event says happened, in tabs: the trace (or the message), and the breadcrumbs. */
function EventTabs({ event }: { event: Event }) {
  const hasException = event.exceptions.length > 0;
  return (
    <Tabs defaultValue="trace" keepMounted={false} data-testid="event-tabs">
      <Tabs.List>
        <Tabs.Tab value="trace" data-testid="tab-trace">
          {hasException ? 'Stack trace' : 'Message'}
        </Tabs.Tab>
        <Tabs.Tab
          value="breadcrumbs"
          data-testid="tab-breadcrumbs"
          rightSection={
            <Badge size="xs" variant="light" circle={event.breadcrumbs.length < 10}>
              {event.breadcrumbs.length}
            </Badge>
          }
        >
          Breadcrumbs
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="trace" pt="md">
        <Stack gap="md">
          {event.message && (!hasException || !sameAsException(event)) && (
            <EventMessage message={event.message} titled={hasException} />
          )}
          {(hasException || !event.message) && <StackTrace exceptions={event.exceptions} titled={false} />}
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="breadcrumbs" pt="md">
        <BreadcrumbList breadcrumbs={event.breadcrumbs} />
      </Tabs.Panel>
    </Tabs>
  );
}

/** An exception's own value repeated as the message adds nothing. */
function sameAsException(event: Event): boolean {
  return event.exceptions.some((exception) => exception.value === event.message);
}

/** `titled`: beside a stack trace; alone, the tab already says "Message". */
function EventMessage({ message, titled }: { message: string; titled: boolean }) {
  return (
    <Paper withBorder p="md" data-testid="event-message">
      {titled && (
        <Title order={3} mb="xs">
          Message
        </Title>
      )}
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {message}
      </Code>
    </Paper>
  );
}

/** The tab says which issue it is (`DEMO-1 · TypeError… · Dexter`), and gives the title back after. */
function useIssueTitle(issue: { shortId: string; title: string } | undefined) {
  const shortId = issue?.shortId;
  const title = issue?.title;
  useEffect(() => {
    if (!shortId) return;
    const before = document.title;
    document.title = `${shortId} · ${title ?? ''} · Dexter`;
    return () => {
      document.title = before;
    };
  }, [shortId, title]);
}

/** Back to the stream with the filters the user came from, when they came from it (also `u`). */
function BackToStream({ org }: { org: string }) {
  const state: unknown = useLocation().state;
  const navigate = useNavigate();
  const search =
    typeof state === 'object' &&
    state !== null &&
    'streamSearch' in state &&
    typeof state.streamSearch === 'string'
      ? state.streamSearch
      : '';
  const to = `/${encodeURIComponent(org)}/issues${search ? `?${search}` : ''}`;
  useKeymap(ISSUE_PAGE_KEYMAP, (command) => {
    if (command !== 'backToStream') return false;
    navigate(to);
    return true;
  });
  return (
    <Anchor component={Link} to={to} size="sm">
      <Group gap={4} component="span">
        <ArrowLeftIcon size={14} />
        Issues
      </Group>
    </Anchor>
  );
}
