/**
 * Business-metric correlation: pick a metric (a CSV upload or a polled Prometheus query) and an
 * issue (or all errors), and see both over time on one chart with the deploys marked, the lag at
 * which they line up best, how surprising that is once autocorrelation is allowed for, and which
 * issues' error rates move most with the metric. Everything the page shows is in the URL
 * (`source`, `issue`, `statsPeriod`, `maxLag`). It says plainly that correlation is not cause.
 */
import type { Correlation, MetricSource } from '@dexter/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  useComputedColorScheme,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { EChart } from '../../../components/EChart';
import { EmptyMessage } from '../../../components/EmptyMessage';
import { ErrorState } from '../../../components/ErrorState';
import { AddMetricSource } from './AddMetricSource';
import { CorrelatedIssuesTable } from './CorrelatedIssuesTable';
import { directionText, lagText, pText } from './correlation-format';
import { correlationOption } from './correlation-option';
import {
  type CorrelationPeriod,
  correlationQueryOptions,
  metricSourcesQueryOptions,
  PERIODS,
} from './correlation-queries';
import { MetricSourceBar } from './MetricSourceBar';

const CHART_HEIGHT = 380;
const DEFAULT_MAX_LAG = 12;

function useCorrelationParams() {
  const [params, setParams] = useSearchParams();
  const period = (PERIODS as readonly string[]).includes(params.get('statsPeriod') ?? '')
    ? (params.get('statsPeriod') as CorrelationPeriod)
    : '7d';
  const lag = Number(params.get('maxLag'));
  const set = (changes: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) next.delete(key);
        else next.set(key, value);
      }
      return next;
    });
  return {
    sourceId: params.get('source'),
    filter: params.get('query') ?? '',
    dailyCycle: params.get('dailyCycle') === 'remove' ? ('remove' as const) : ('keep' as const),
    issueId: params.get('issue'),
    statsPeriod: period,
    maxLagHours:
      Number.isInteger(lag) && lag >= 0 && lag <= 48 && params.has('maxLag') ? lag : DEFAULT_MAX_LAG,
    set,
  };
}

export function CorrelationPage() {
  const org = useParams().org ?? '';
  const {
    sourceId: chosen,
    issueId,
    filter,
    dailyCycle,
    statsPeriod,
    maxLagHours,
    set,
  } = useCorrelationParams();
  const [input, setInput] = useState(filter);
  const [debounced] = useDebouncedValue(input.trim(), 400);
  useEffect(() => {
    if (debounced !== filter) set({ query: debounced || null });
  }, [debounced, filter, set]);
  const sources = useQuery(metricSourcesQueryOptions(org));
  const [adding, setAdding] = useState(false);
  const items = sources.data?.items ?? [];
  const source = items.find((item) => item.id === chosen) ?? items[0] ?? null;

  return (
    <Stack gap="lg" maw={1400} mx="auto">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Anchor component={Link} to={`/${encodeURIComponent(org)}/insights`} size="sm">
            ← Insights
          </Anchor>
          <Title order={2}>Business-metric correlation</Title>
          <Text c="dimmed" size="sm">
            Does an error rate move with a business metric, and how many hours apart?
          </Text>
        </Stack>
        {items.length > 0 && (
          <Group gap="sm" align="flex-end">
            <Select
              label="Metric"
              data={items.map((item) => ({ value: item.id, label: item.name }))}
              value={source?.id ?? null}
              onChange={(value) => value && set({ source: value })}
              allowDeselect={false}
              w={260}
            />
            <TextInput
              label="Event filter"
              placeholder="environment:production"
              value={input}
              onChange={(event) => setInput(event.currentTarget.value)}
              w={220}
            />
            <SegmentedControl
              aria-label="Period"
              value={statsPeriod}
              data={[...PERIODS]}
              onChange={(value) => set({ statsPeriod: value })}
            />
            <NumberInput
              label="Max lag (hours)"
              min={0}
              max={48}
              value={maxLagHours}
              onChange={(value) => typeof value === 'number' && set({ maxLag: String(value) })}
              w={130}
            />
            <Switch
              label="Remove the daily cycle"
              title="Correlate how each series departs from its usual level for the hour of day, so a shared daily rhythm (traffic) does not count"
              checked={dailyCycle === 'remove'}
              onChange={(event) => set({ dailyCycle: event.currentTarget.checked ? 'remove' : null })}
              mb={8}
            />
            <Button variant="default" onClick={() => setAdding((open) => !open)}>
              {adding ? 'Close' : 'Add metric'}
            </Button>
          </Group>
        )}
      </Group>

      {sources.isError ? (
        <ErrorState
          title="Could not load the metrics"
          error={sources.error}
          onRetry={() => void sources.refetch()}
        />
      ) : !sources.data ? (
        <Skeleton height={CHART_HEIGHT} />
      ) : items.length === 0 || adding ? (
        <Paper withBorder p="md" component="section" aria-label="Add a metric">
          <Title order={3} fz="md" mb="sm">
            Add a metric
          </Title>
          {items.length === 0 && (
            <Text size="sm" c="dimmed" mb="sm">
              No business metric yet. Upload one as CSV, or point Dexter at a Prometheus-compatible server.
            </Text>
          )}
          <AddMetricSource
            org={org}
            onAdded={(added) => {
              setAdding(false);
              set({ source: added.id });
            }}
          />
        </Paper>
      ) : null}

      {source && (
        <>
          <CorrelationSection
            org={org}
            source={source}
            issueId={issueId}
            filter={filter}
            dailyCycle={dailyCycle}
            statsPeriod={statsPeriod}
            maxLagHours={maxLagHours}
            onClearIssue={() => set({ issue: null })}
          />
          <Paper withBorder p="md" component="section" aria-label="Most correlated issues">
            <Title order={3} fz="md" mb={4}>
              Issues that move most with {source.name}
            </Title>
            <Text size="xs" c="dimmed" mb="sm">
              The most frequent unresolved issues of the period, by the strength of their best-lag
              correlation. Choose one to chart it.
            </Text>
            <CorrelatedIssuesTable
              org={org}
              target={{ sourceId: source.id, filter, dailyCycle, statsPeriod, maxLagHours }}
              metricName={source.name}
              selected={issueId}
              onSelect={(id) => set({ issue: id })}
            />
          </Paper>
        </>
      )}
    </Stack>
  );
}

interface CorrelationSectionProps {
  org: string;
  source: MetricSource;
  issueId: string | null;
  filter: string;
  dailyCycle: 'keep' | 'remove';
  statsPeriod: CorrelationPeriod;
  maxLagHours: number;
  onClearIssue: () => void;
}

function CorrelationSection({
  org,
  source,
  issueId,
  filter,
  dailyCycle,
  statsPeriod,
  maxLagHours,
  onClearIssue,
}: CorrelationSectionProps) {
  const correlation = useQuery({
    ...correlationQueryOptions(org, {
      sourceId: source.id,
      issueId,
      filter,
      dailyCycle,
      statsPeriod,
      maxLagHours,
    }),
    placeholderData: keepPreviousData,
  });
  const scheme = useComputedColorScheme('light');
  const textColor = scheme === 'dark' ? '#C1C2C5' : '#495057';
  const option = useMemo(
    () => (correlation.data ? correlationOption(correlation.data, textColor) : null),
    [correlation.data, textColor],
  );
  return (
    <Paper withBorder p="md" component="section" aria-label="Correlation">
      <Group justify="space-between" mb={4} wrap="wrap">
        <Group gap="xs">
          <Title order={3} fz="md">
            {correlation.data?.target.label ?? (issueId ? `Issue ${issueId}` : 'All errors')} and{' '}
            {source.name}
          </Title>
          {issueId && <CloseButton size="sm" aria-label="Show all errors instead" onClick={onClearIssue} />}
        </Group>
        {source.lastError && (
          <Badge color="red" variant="light" title={source.lastError}>
            Last poll failed
          </Badge>
        )}
      </Group>
      <MetricSourceBar org={org} source={source} />
      {source.lastError && (
        <Alert color="red" variant="light" my="sm" title="The last poll of this metric failed">
          {source.lastError}
        </Alert>
      )}
      {correlation.isError ? (
        <ErrorState
          title="Could not correlate"
          error={correlation.error}
          onRetry={() => void correlation.refetch()}
        />
      ) : !correlation.data || !option ? (
        <Skeleton height={CHART_HEIGHT} />
      ) : (
        <Stack gap="sm" mt="sm">
          <EChart option={option} height={CHART_HEIGHT} label={`Error rate and ${source.name} over time`} />
          <Figures correlation={correlation.data} />
          <Alert color="gray" variant="light" title="Correlation is not cause" data-testid="not-cause">
            Two series that move together may both follow a third thing (traffic, time of day, a campaign),
            and a lag only says which moved first. Use this to decide what to look at, not as proof that the
            errors cost the metric.
          </Alert>
        </Stack>
      )}
    </Paper>
  );
}

function Figures({ correlation }: { correlation: Correlation }) {
  const { result } = correlation;
  if (!result) {
    return (
      <EmptyMessage title="No correlation to show" description={correlation.reason ?? 'Not enough data.'} />
    );
  }
  return (
    <Stack gap="xs" data-testid="correlation-figures">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label="Best lag" value={lagText(result, correlation.source.name)} />
        <Figure
          label="Correlation at that lag"
          value={`r = ${result.r.toFixed(2)} (${directionText(result.r)})`}
        />
        <Figure
          label="Significance"
          value={
            <Group gap={6}>
              <span>{pText(result.pValue)}</span>
              <Badge color={result.significant ? 'teal' : 'gray'} variant="light">
                {result.significant ? 'significant' : 'not significant'}
              </Badge>
            </Group>
          }
        />
        <Figure label="Independent hours" value={`≈ ${Math.round(result.effectiveN)} of ${result.n}`} />
      </SimpleGrid>
      <Text size="sm">{correlation.summary}</Text>
      <Text size="xs" c="dimmed">
        Hourly buckets
        {correlation.dailyCycle === 'remove'
          ? ', each compared with its usual level for the hour of day (the chart shows them as they are)'
          : ''}
        ; lags of −{(result.lagsTried - 1) / 2} to +{(result.lagsTried - 1) / 2} hours tried. p allows for
        autocorrelation (Pyper–Peterman effective sample size) and for the number of lags tried; treating
        every hour as independent would have given {pText(result.naivePValue)}. Dashed lines are deploys.
      </Text>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {value}
      </Text>
    </Stack>
  );
}
