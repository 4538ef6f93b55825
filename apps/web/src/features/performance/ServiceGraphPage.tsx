/**
 * The service dependency graph: each service (project) a box colored by its transactions'
 * failure rate, each call between services an arrow labelled with its calls, error rate and p95,
 * laid out by ELK. A service opens its transactions on the Performance page. Filtered by period
 * and environment like the other performance pages.
 */
import { Alert, Anchor, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PerformanceFiltersBar, usePerformanceFilters } from './PerformanceFiltersBar';
import {
  formatMs,
  formatPercent,
  performancePath,
  type ServiceGraph,
  serviceGraphOptions,
} from './performance-queries';
import {
  errorRateColor,
  type GraphLayout,
  layOutServiceGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
} from './service-graph-layout';

export function ServiceGraphPage() {
  const org = useParams().org ?? '';
  const [filters] = usePerformanceFilters();
  const graph = useQuery(serviceGraphOptions(org, filters));
  const layout = useQuery({
    queryKey: ['performance', org, 'graph-layout', graph.data],
    queryFn: () => layOutServiceGraph(graph.data!),
    enabled: graph.data !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Anchor component={Link} to={performancePath(org, filters)} size="sm">
          ← Performance
        </Anchor>
        <Title order={2}>Service graph</Title>
      </Stack>
      <PerformanceFiltersBar showProject={false} />
      {graph.isError || layout.isError ? (
        <ErrorState
          title="Could not load the service graph"
          error={graph.error ?? layout.error}
          onRetry={() => void graph.refetch()}
        />
      ) : !graph.data || !layout.data ? (
        <Skeleton height={400} />
      ) : graph.data.nodes.length === 0 ? (
        <EmptyMessage
          title="No services in this period"
          description="Services appear once their SDKs send transactions (tracing on)."
        />
      ) : (
        <>
          <Legend graph={graph.data} />
          <GraphDrawing org={org} layout={layout.data} />
        </>
      )}
    </Stack>
  );
}

function Legend({ graph }: { graph: ServiceGraph }) {
  return (
    <Stack gap={4}>
      <Group gap="md">
        {[
          ['under 1 % failed', 0],
          ['1-10 %', 0.05],
          ['10 % and more', 0.5],
        ].map(([label, rate]) => (
          <Group key={label as string} gap={6}>
            <span
              style={{ width: 12, height: 12, borderRadius: 3, background: errorRateColor(rate as number) }}
            />
            <Text size="xs">{label}</Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          Calls counted in {graph.tracesRead} traces{graph.complete ? '' : ' (the busiest of the period)'}.
        </Text>
      </Group>
      {graph.edges.length === 0 ? (
        <Alert color="gray" variant="light">
          No calls between services in this period: no trace spans two services.
        </Alert>
      ) : null}
    </Stack>
  );
}

function GraphDrawing({ org, layout }: { org: string; layout: GraphLayout }) {
  const navigate = useNavigate();
  const [filters] = usePerformanceFilters();
  const open = (service: string) => navigate(performancePath(org, { ...filters, project: service }));
  return (
    <div style={{ overflow: 'auto' }}>
      <svg
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label="Service dependency graph"
        data-testid="service-graph"
        style={{ fontFamily: 'var(--mantine-font-family)' }}
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="var(--mantine-color-gray-6)" />
          </marker>
        </defs>
        {layout.edges.map((placed) => (
          <g key={placed.id} data-testid="service-edge">
            <polyline
              points={placed.points.map((p) => `${p.x},${p.y}`).join(' ')}
              fill="none"
              stroke={
                placed.edge.errorRate > 0.1 ? 'var(--mantine-color-red-5)' : 'var(--mantine-color-gray-6)'
              }
              strokeWidth={1 + Math.min(4, Math.log10(1 + placed.edge.calls))}
              markerEnd="url(#arrow)"
            />
            {placed.label ? (
              <g>
                <rect
                  x={placed.label.x - 3}
                  y={placed.label.y - 1}
                  width={placed.label.width + 6}
                  height={placed.label.height + 2}
                  rx={4}
                  fill="var(--mantine-color-body)"
                  stroke="var(--mantine-color-gray-4)"
                />
                <text
                  x={placed.label.x + placed.label.width / 2}
                  y={placed.label.y + placed.label.height / 2}
                  dominantBaseline="central"
                  textAnchor="middle"
                  fontSize={11}
                  fill="var(--mantine-color-text)"
                >
                  {placed.label.text}
                </text>
              </g>
            ) : null}
          </g>
        ))}
        {layout.nodes.map(({ id, x, y, node }) => (
          // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes the role and keys.
          <g
            key={id}
            transform={`translate(${x},${y})`}
            role="button"
            tabIndex={0}
            aria-label={`Service ${id}: open its transactions`}
            data-testid={`service-node-${id}`}
            style={{ cursor: 'pointer' }}
            onClick={() => open(id)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') open(id);
            }}
          >
            <rect
              width={NODE_WIDTH}
              height={NODE_HEIGHT}
              rx={8}
              fill="var(--mantine-color-body)"
              stroke={errorRateColor(node.failureRate)}
              strokeWidth={3}
            />
            <rect width={8} height={NODE_HEIGHT} rx={4} fill={errorRateColor(node.failureRate)} />
            <text x={18} y={22} fontSize={14} fontWeight={700} fill="var(--mantine-color-text)">
              {id}
            </text>
            <text x={18} y={42} fontSize={11} fill="var(--mantine-color-dimmed)">
              {node.transactions} tx · {formatPercent(node.failureRate, 0)} failed
            </text>
            <text x={18} y={56} fontSize={11} fill="var(--mantine-color-dimmed)">
              p95 {formatMs(node.p95)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
