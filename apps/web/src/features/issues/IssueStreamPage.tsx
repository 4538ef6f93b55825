import type { Issue, Project } from '@dexter/contracts';
import { Anchor, Box, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { discoverLinkOfSearch } from '../../lib/discover-links';
import { BulkBar } from '../bulk/BulkBar';
import { BulkProgress } from '../bulk/BulkProgress';
import { SelectAllMatchingDialog } from '../bulk/SelectAllMatchingDialog';
import { CreateTicketsButton } from '../integrations/CreateTicketsButton';
import { useStreamTickets } from '../integrations/StreamTickets';
import { NewIssuesPill } from '../live/NewIssuesPill';
import { useLiveIssueStream } from '../live/use-live-issue-stream';
import { projectsQueryOptions } from '../organizations/organizations-queries';
import { AssignPicker } from '../triage/AssignPicker';
import { KeyboardHelp } from '../triage/KeyboardHelp';
import { useStreamTriage } from '../triage/use-stream-triage';
import { SavedViewsMenu } from '../views/SavedViewsMenu';
import { viewInputFromFilters } from '../views/saved-view-filters';
import { savedViewsQueryOptions } from '../views/views-queries';
import { ExportButtons } from './ExportButtons';
import { type FilterChangeOptions, IssueFilters } from './IssueFilters';
import { IssueTable, type PageSelection } from './IssueTable';
import {
  composeSentryQuery,
  hasNarrowingFilters,
  type IssueStreamFilters,
  parseIssueSearchParams,
  toIssueSearchParams,
} from './issue-search-params';
import { issueListQueryOptions } from './issues-queries';
import { StreamScopeFilters } from './StreamScopeFilters';
import { describeCount, describeRange, describeStream, streamTitle } from './stream-description';

/*
 * The page re-renders whenever the stream's query changes state: a next page starts, arrives, a
 * refetch ends; while someone scrolls that is every second or so. These parts do not depend on
 * the stream, and their Mantine inputs, menus and modals cost a frame to re-render, so they are
 * memoized and get stable props (the triage commands keep their identity, see useStreamTriage).
 */
const MemoFilters = memo(IssueFilters);
const MemoScopeFilters = memo(StreamScopeFilters);
const MemoSavedViews = memo(SavedViewsMenu);
const MemoExportButtons = memo(ExportButtons);
const MemoKeyboardHelp = memo(KeyboardHelp);
const MemoAssignPicker = memo(AssignPicker);
const MemoSelectAllMatching = memo(SelectAllMatchingDialog);
const NO_PROJECTS: never[] = [];

export function IssueStreamPage() {
  const org = useParams().org ?? '';
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseIssueSearchParams(searchParams), [searchParams]);

  const updateFilters = useCallback(
    (patch: Partial<IssueStreamFilters>, options?: FilterChangeOptions) =>
      setSearchParams(toIssueSearchParams({ ...filters, ...patch }), { replace: options?.replace }),
    [filters, setSearchParams],
  );

  const applyView = useCallback(
    (view: IssueStreamFilters) => setSearchParams(toIssueSearchParams(view)),
    [setSearchParams],
  );

  const projects = useQuery(projectsQueryOptions(org));
  const stream = useInfiniteQuery({
    ...issueListQueryOptions(org, filters),
    placeholderData: keepPreviousData,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = stream;
  const live = useLiveIssueStream(org);
  const isEmpty = stream.data?.issues.length === 0;
  const { newIssues, showNew } = live;
  // Nothing on screen to disturb: new issues go straight in.
  useEffect(() => {
    if (isEmpty && newIssues > 0) showNew();
  }, [isEmpty, newIssues, showNew]);
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const issueHref = useCallback(
    (issue: Issue) => `/${encodeURIComponent(org)}/issues/${encodeURIComponent(issue.id)}`,
    [org],
  );
  const openIssue = useCallback(
    (issue: Issue) => navigate(issueHref(issue), { state: { streamSearch: searchParams.toString() } }),
    [navigate, issueHref, searchParams],
  );
  const matching = useMemo(
    () => ({
      query: composeSentryQuery(filters),
      ...(filters.projects.length ? { project: filters.projects } : {}),
    }),
    [filters],
  );
  const triage = useStreamTriage({ org, issues: stream.data?.issues ?? [], matching, onOpen: openIssue });

  const loadedIssues = stream.data?.issues;
  const tickets = useStreamTickets(org, loadedIssues);
  const shortIdOf = useCallback(
    (issueId: string) => loadedIssues?.find((issue) => issue.id === issueId)?.shortId ?? issueId,
    [loadedIssues],
  );
  const { selected, setSelected } = triage;
  const pageSelection = useMemo((): PageSelection => {
    if (!loadedIssues || loadedIssues.length === 0 || selected.size === 0) return 'none';
    const count = loadedIssues.reduce((n, issue) => n + (selected.has(issue.id) ? 1 : 0), 0);
    return count === 0 ? 'none' : count === loadedIssues.length ? 'all' : 'some';
  }, [loadedIssues, selected]);
  const selectPage = useCallback(
    (select: boolean) =>
      setSelected(
        (loadedIssues ?? []).map((issue) => issue.id),
        select,
      ),
    [loadedIssues, setSelected],
  );

  const viewName = useMatchingViewName(org, filters);
  useDocumentTitle(streamTitle(filters, org, viewName));

  const renderContent = () => {
    if (stream.isError && !stream.data) {
      return (
        <ErrorState
          title="Could not load issues"
          error={stream.error}
          onRetry={() => void stream.refetch()}
        />
      );
    }
    if (!stream.data) return <PageLoader label="Loading issues" />;
    if (stream.data.issues.length === 0) {
      return hasNarrowingFilters(filters) ? (
        <EmptyMessage title="No issues match" description="Try fewer filters or a broader search." />
      ) : (
        <EmptyMessage title={`No ${filters.status === 'all' ? '' : `${filters.status} `}issues`} />
      );
    }
    return (
      <IssueTable
        key={`${searchParams.toString()}#${live.generation}`}
        issues={stream.data.issues}
        totalRows={stream.data.hits}
        hasNextPage={hasNextPage}
        isFetchingNextPage={isFetchingNextPage}
        onLoadMore={loadMore}
        issueHref={issueHref}
        onOpen={openIssue}
        focusIndex={triage.focusIndex}
        onFocusIndex={triage.setFocusIndex}
        selected={triage.selected}
        onToggle={triage.toggle}
        pageSelection={pageSelection}
        onSelectPage={selectPage}
        trendLabel={describeRange(filters)?.replace(/^seen /, '') ?? 'in the last 24 hours'}
        tickets={tickets}
      />
    );
  };

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-offset, 0px) - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between" align="baseline">
        <Group gap="sm" align="baseline">
          <Title order={2}>Issues</Title>
          {viewName && (
            <Text c="dimmed" fw={600} data-testid="stream-view-name">
              {viewName}
            </Text>
          )}
          <NewIssuesPill count={newIssues} onShow={showNew} />
        </Group>
        <Group gap="xs">
          {stream.isFetching && !isFetchingNextPage && <Loader size="xs" aria-label="Refreshing" />}
          <MemoSavedViews org={org} filters={filters} onApply={applyView} />
          <MemoExportButtons org={org} filters={filters} />
          <Anchor
            component={Link}
            size="sm"
            to={discoverLinkOfSearch(org, {
              search: composeSentryQuery(filters),
              period: filters.period,
              projectSlugs: (projects.data?.projects ?? NO_PROJECTS)
                .filter((project) => filters.projects.includes(project.id))
                .map((project) => project.slug),
            })}
          >
            Open in Discover
          </Anchor>
        </Group>
      </Group>
      <MemoFilters
        filters={filters}
        projects={projects.data?.projects ?? NO_PROJECTS}
        onChange={updateFilters}
        searchRef={triage.searchRef}
      />
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <MemoScopeFilters org={org} filters={filters} onChange={updateFilters} />
        <StreamCount
          filters={filters}
          projects={projects.data?.projects ?? NO_PROJECTS}
          loaded={stream.data?.issues.length ?? null}
          hits={stream.data?.hits ?? null}
          more={hasNextPage}
          stale={stream.isPlaceholderData}
        />
      </Group>
      {stream.isError && stream.data && (
        <ErrorState
          title="Could not refresh issues"
          error={stream.error}
          onRetry={() => void stream.refetch()}
        />
      )}
      {triage.jobId !== null && <BulkProgress org={org} jobId={triage.jobId} onClose={triage.closeJob} />}
      {triage.selected.size > 0 && (
        <BulkBar
          count={triage.selected.size}
          matching={stream.data?.hits ?? null}
          busy={triage.busy}
          onResolve={() => triage.run('resolve')}
          onIgnore={() => triage.run('ignore')}
          onAssign={() => triage.run('assign')}
          onBookmark={() => triage.run('bookmark')}
          onSelectAllMatching={() => triage.run('selectAllMatching')}
          onClear={triage.clearSelection}
        >
          <CreateTicketsButton org={org} selected={triage.selected} shortIdOf={shortIdOf} />
        </BulkBar>
      )}
      <MemoKeyboardHelp opened={triage.dialog === 'help'} onClose={triage.closeDialog} />
      <MemoAssignPicker
        org={org}
        opened={triage.dialog === 'assign'}
        count={triage.targetCount}
        onClose={triage.closeDialog}
        onPick={triage.pickAssignee}
      />
      <MemoSelectAllMatching
        preview={triage.matchingPreview}
        query={matching.query}
        pending={triage.confirmPending}
        onClose={triage.closeMatching}
        onConfirm={triage.confirmMatching}
      />
      <Box flex={1} mih={0}>
        {renderContent()}
      </Box>
    </Stack>
  );
}

interface StreamCountProps {
  filters: IssueStreamFilters;
  projects: readonly Project[];
  loaded: number | null;
  hits: number | null;
  more: boolean;
  /** The rows are the previous filters' while the new ones load: their count would be a lie. */
  stale: boolean;
}

/** What the stream counts, in words: "1,234 unresolved issues in production, seen in …". */
function StreamCount({ filters, projects, loaded, hits, more, stale }: StreamCountProps) {
  if (loaded === null) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="issue-count" aria-live="polite" aria-busy={stale}>
      {stale
        ? `Looking for ${describeStream(filters, 2, projects)}…`
        : describeCount(filters, { hits, loaded, more }, projects)}
    </Text>
  );
}

/** The saved view the stream shows exactly (same query, sort and projects), if any. */
function useMatchingViewName(org: string, filters: IssueStreamFilters): string | null {
  const views = useQuery(savedViewsQueryOptions(org));
  return useMemo(() => {
    const current = viewInputFromFilters('', filters, false);
    const same = (views.data?.views ?? []).find(
      (view) =>
        view.query.trim() === current.query &&
        view.sort === current.sort &&
        [...view.projects].sort().join(',') === (current.projects ?? []).join(','),
    );
    return same?.name ?? null;
  }, [views.data, filters]);
}
