/**
 * The releases timeline: error events per interval, stacked per release or environment, with a
 * marker per deploy that opens it. Markers are buttons laid over the canvas at the pixel ECharts
 * gives for the deploy's time (`convertToPixel`), re-placed after every render (zoom, pan,
 * resize), so they are real, focusable, clickable elements; a flagged deploy's marker is red.
 */
import type { DeployNotice, TimelineDeploy, TimelinePeriod } from '@dexter/contracts';
import {
  Badge,
  Box,
  Card,
  Group,
  SegmentedControl,
  Select,
  Skeleton,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { EChart, type ECharts } from '../../components/EChart';
import { ErrorState } from '../../components/ErrorState';
import { DeployDrawer } from './DeployDrawer';
import {
  deployNoticesQueryOptions,
  releaseTimelineQueryOptions,
  type TimelineFilters,
} from './releases-queries';
import { DEPLOY_COLOR, FLAGGED_COLOR, GRID_TOP, timelineOption } from './timeline-option';

const PERIODS: TimelinePeriod[] = ['24h', '7d', '14d', '30d', '90d'];
const HEIGHT = 320;

interface Placed {
  deploy: TimelineDeploy;
  x: number;
  /** 0 on the first row; deploys too close to the one before them go up a row. */
  row: number;
}

const MARKER = 18;

/** Rows for markers left to right, so two deploys minutes apart both stay clickable. */
function stack(points: Array<{ deploy: TimelineDeploy; x: number }>): Placed[] {
  const rowEnds: number[] = [];
  return [...points]
    .sort((a, b) => a.x - b.x)
    .map((point) => {
      let row = rowEnds.findIndex((end) => point.x - end >= MARKER + 2);
      if (row === -1) row = rowEnds.length < 2 ? rowEnds.length : 0;
      rowEnds[row] = point.x;
      return { ...point, row };
    });
}

export function ReleaseTimeline({ org, ready = true }: { org: string; ready?: boolean }) {
  const [filters, setFilters] = useState<TimelineFilters>({
    period: '14d',
    groupBy: 'release',
    environment: null,
  });
  const timeline = useQuery({ ...releaseTimelineQueryOptions(org, filters), enabled: ready });
  const since = timeline.data?.start;
  const notices = useQuery({
    ...deployNoticesQueryOptions(org, { since }),
    enabled: since !== undefined,
  });
  const noticeByKey = useMemo(
    () => new Map((notices.data?.items ?? []).map((notice) => [notice.deployKey, notice])),
    [notices.data],
  );
  const scheme = useComputedColorScheme('light');
  const option = useMemo(
    () =>
      timeline.data
        ? timelineOption({
            ...timeline.data,
            notices: noticeByKey,
            textColor: scheme === 'dark' ? '#C1C2C5' : '#495057',
          })
        : null,
    [timeline.data, noticeByKey, scheme],
  );

  const chart = useRef<ECharts | null>(null);
  const [placed, setPlaced] = useState<Placed[]>([]);
  const [open, setOpen] = useState<TimelineDeploy | null>(null);
  const deploys = timeline.data?.deploys;
  const place = useCallback(() => {
    const instance = chart.current;
    if (!instance || !deploys) return;
    const grid = instance.getWidth();
    const next = stack(
      deploys.flatMap((deploy) => {
        const x = instance.convertToPixel({ xAxisIndex: 0 }, Date.parse(deploy.dateFinished));
        // Outside the zoomed window (or the plot): no marker.
        const inside = typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= grid;
        return inside && instance.containPixel({ gridIndex: 0 }, [x, GRID_TOP + 4]) ? [{ deploy, x }] : [];
      }),
    );
    setPlaced((current) =>
      current.length === next.length &&
      current.every(
        (p, i) =>
          p.deploy.key === next[i]!.deploy.key && p.row === next[i]!.row && Math.abs(p.x - next[i]!.x) < 0.5,
      )
        ? current
        : next,
    );
  }, [deploys]);

  const environments = useMemo(() => {
    const names = new Set<string>();
    for (const deploy of deploys ?? []) if (deploy.environment) names.add(deploy.environment);
    if (filters.groupBy === 'environment')
      for (const s of timeline.data?.series ?? []) if (!s.isOther) names.add(s.name);
    if (filters.environment) names.add(filters.environment);
    return [...names].sort();
  }, [deploys, filters, timeline.data]);

  const flaggedCount = (deploys ?? []).filter((d) => noticeByKey.get(d.key)?.flagged).length;

  return (
    <Card withBorder padding="md" radius="md" data-testid="release-timeline">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Group gap="sm">
          <Text fw={650}>Events by {filters.groupBy}</Text>
          {deploys && (
            <Badge variant="light" color="gray" data-testid="timeline-deploy-count">
              {deploys.length} deploy{deploys.length === 1 ? '' : 's'}
            </Badge>
          )}
          {flaggedCount > 0 && (
            <Badge variant="filled" color="red" data-testid="timeline-flagged-count">
              {flaggedCount} flagged
            </Badge>
          )}
        </Group>
        <Group gap="sm">
          <Select
            aria-label="Environment"
            placeholder="All environments"
            size="xs"
            w={170}
            clearable
            data={environments}
            value={filters.environment}
            onChange={(environment) => setFilters((f) => ({ ...f, environment }))}
          />
          <SegmentedControl
            size="xs"
            aria-label="Group by"
            value={filters.groupBy}
            onChange={(groupBy) =>
              setFilters((f) => ({ ...f, groupBy: groupBy as TimelineFilters['groupBy'] }))
            }
            data={[
              { value: 'release', label: 'Release' },
              { value: 'environment', label: 'Environment' },
            ]}
          />
          <SegmentedControl
            size="xs"
            aria-label="Range"
            value={filters.period}
            onChange={(period) => setFilters((f) => ({ ...f, period: period as TimelinePeriod }))}
            data={PERIODS}
          />
        </Group>
      </Group>
      {timeline.isError && (
        <ErrorState
          title="Could not load the timeline"
          error={timeline.error}
          onRetry={() => timeline.refetch()}
        />
      )}
      {timeline.isPending && <Skeleton height={HEIGHT} radius="sm" />}
      {option && (
        <Box pos="relative" data-testid="timeline-chart">
          <EChart
            option={option}
            height={HEIGHT}
            label={`Error events per ${filters.groupBy} over ${filters.period}, with deploy markers`}
            onChart={(instance) => {
              chart.current = instance;
              place();
            }}
            onRendered={place}
          />
          {placed.map(({ deploy, x, row }) => (
            <DeployMarker
              key={deploy.key}
              deploy={deploy}
              notice={noticeByKey.get(deploy.key) ?? null}
              x={x}
              row={row}
              onOpen={() => setOpen(deploy)}
            />
          ))}
          {timeline.data?.series.length === 0 && (
            <Text size="sm" c="dimmed" pos="absolute" top={HEIGHT / 2} w="100%" ta="center">
              No error events in this range
            </Text>
          )}
        </Box>
      )}
      <DeployDrawer
        org={org}
        deploy={open}
        notice={open ? (noticeByKey.get(open.key) ?? null) : null}
        onClose={() => setOpen(null)}
      />
    </Card>
  );
}

function DeployMarker({
  deploy,
  notice,
  x,
  row,
  onOpen,
}: {
  deploy: TimelineDeploy;
  notice: DeployNotice | null;
  x: number;
  row: number;
  onOpen(): void;
}) {
  const flagged = notice?.flagged ?? false;
  const when = new Date(deploy.dateFinished).toLocaleString();
  const label = `Deploy of ${deploy.release} to ${deploy.environment ?? 'unknown'}, ${when}${flagged ? ', flagged' : ''}`;
  return (
    <Tooltip label={label} withArrow openDelay={150}>
      <UnstyledButton
        aria-label={label}
        onClick={onOpen}
        data-testid="deploy-marker"
        data-deploy-key={deploy.key}
        data-flagged={flagged}
        style={{
          position: 'absolute',
          left: x - MARKER / 2,
          top: GRID_TOP - 22 - row * (MARKER + 2),
          width: MARKER,
          height: MARKER,
          borderRadius: MARKER / 2,
          display: 'grid',
          placeItems: 'center',
          color: 'white',
          fontSize: 10,
          fontWeight: 700,
          background: flagged ? FLAGGED_COLOR : DEPLOY_COLOR,
          boxShadow: '0 0 0 2px var(--mantine-color-body)',
        }}
      >
        {flagged ? '!' : (deploy.environment?.[0]?.toUpperCase() ?? 'D')}
      </UnstyledButton>
    </Tooltip>
  );
}
