/**
 * Discover: build an event query (fields one per line, a search, a period) or write it raw as
 * Sentry's query string; both stay in sync, and Run puts it in the page URL, so the link
 * reproduces the query. The answer shows as a chart of the first function over time (a grouped
 * query draws its top groups, 5 unless the series picker says, plus "Other") and a virtualized,
 * sortable table (click a header) whose cells drill down (a value joins the search, a count opens
 * its events, an issue id its issue); every row of it downloads as CSV. Queries are
 * saved, shared and put on dashboards from the bar above the builder; `saved=<id>` and
 * `widget=<dashboard>:<widget>` in the URL say which saved query or widget is open, and survive runs.
 */
import { Alert, Anchor, Button, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { EChart } from '../../components/EChart';
import { discoverChartOption } from '../../lib/discover-chart-option';
import {
  chartSeriesOf,
  groupByOfFields,
  TOP_EVENTS_CHOICES,
  topEventsOf,
} from '../../lib/discover-raw-query';
import { EnvironmentSelect } from '../organizations/EnvironmentSelect';
import { DiscoverResults } from './DiscoverResults';
import { DiscoverSaveBar } from './DiscoverSaveBar';
import {
  DEFAULT_FORM,
  type DiscoverForm,
  eventsOfRow,
  fromRaw,
  nextSort,
  PERIODS,
  toRaw,
  withCondition,
  yAxisOf,
} from './discover-model';
import { discoverExportPath, discoverSeriesOptions, discoverTableOptions } from './discover-queries';
import { parseWidgetParam, WidgetEditBanner } from './WidgetEditBanner';

const SERIES_CHOICES = TOP_EVENTS_CHOICES.map((n) => ({
  value: String(n),
  label: n === 0 ? 'Total only' : `Top ${n} + other`,
}));

export function DiscoverPage() {
  const org = useParams().org ?? '';
  const [search, setSearch] = useSearchParams();
  const savedParam = search.get('saved');
  const savedId = savedParam && /^\d{1,15}$/.test(savedParam) ? Number(savedParam) : null;
  const editing = parseWidgetParam(search.get('widget'));
  const queryOnly = new URLSearchParams(search);
  queryOnly.delete('saved');
  queryOnly.delete('widget');
  const ran = queryOnly.toString() === '' ? toRaw(DEFAULT_FORM) : toRaw(fromRaw(queryOnly.toString()));
  const [form, setForm] = useState<DiscoverForm>(() => fromRaw(ran));
  const [raw, setRaw] = useState(ran);

  const edit = (next: DiscoverForm) => {
    setForm(next);
    setRaw(toRaw(next));
  };
  const editRaw = (text: string) => {
    setRaw(text);
    setForm(fromRaw(text));
  };
  /** Runs a query, keeping which saved query (unless another opens) or widget is being edited. */
  const run = (next = form, saved: number | null = savedId) => {
    const params = new URLSearchParams(toRaw(next));
    if (saved !== null) params.set('saved', String(saved));
    if (editing) params.set('widget', `${editing.dashboardId}:${editing.widgetId}`);
    setSearch(params);
  };
  const openSaved = (saved: { id: number; query: string } | null) => {
    const next = saved ? fromRaw(saved.query) : form;
    setForm(next);
    setRaw(toRaw(next));
    run(next, saved?.id ?? null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run();
  };

  const table = useQuery(discoverTableOptions(org, ran));
  const series = useQuery(discoverSeriesOptions(org, ran));
  const yAxis = yAxisOf(fromRaw(ran).fields);
  const top = topEventsOf(ran);
  const lines = useMemo(() => chartSeriesOf(series.data, yAxis), [series.data, yAxis]);
  const option = useMemo(
    () => discoverChartOption(lines, { kind: top > 0 ? 'line' : 'area', compact: false }),
    [lines, top],
  );

  const sortBy = (field: string) => {
    const next = { ...form, ...fromRaw(ran), sort: nextSort(fromRaw(ran).sort, field) };
    edit(next);
    run(next);
  };
  const addCondition = (field: string, value: string | number | null) => {
    const current = fromRaw(ran);
    const next = { ...current, query: withCondition(current.query, field, value) };
    edit(next);
    run(next);
  };
  const openEvents = (row: Record<string, string | number | null>) => {
    const next = eventsOfRow(fromRaw(ran), row);
    edit(next);
    run(next, null);
  };
  const error = table.error ?? series.error;

  return (
    <Stack gap="md">
      <Title order={2}>Discover</Title>
      {editing && <WidgetEditBanner org={org} ran={ran} target={editing} />}
      <DiscoverSaveBar org={org} ran={ran} savedId={savedId} onOpen={openSaved} />
      <form onSubmit={submit} aria-label="Query builder">
        <Group align="flex-start" gap="md" wrap="wrap">
          <Textarea
            label="Fields (one per line)"
            value={form.fields.join('\n')}
            onChange={(e) => edit({ ...form, fields: e.currentTarget.value.split('\n') })}
            autosize
            minRows={3}
            w={260}
          />
          <Stack gap="xs" style={{ flex: 1, minWidth: 280 }}>
            <TextInput
              label="Search"
              placeholder="level:error release:1.*"
              value={form.query}
              onChange={(e) => edit({ ...form, query: e.currentTarget.value })}
            />
            <Group gap="sm" align="flex-end">
              <Select
                label="Period"
                data={[...PERIODS]}
                value={form.period}
                onChange={(value) => edit({ ...form, period: value ?? form.period })}
                w={110}
                allowDeselect={false}
              />
              <EnvironmentSelect
                org={org}
                value={form.environment}
                onChange={(environment) => edit({ ...form, environment })}
              />
              <Select
                label="Chart series"
                data={SERIES_CHOICES}
                value={String(form.topEvents)}
                onChange={(value) => edit({ ...form, topEvents: Number(value ?? form.topEvents) })}
                disabled={groupByOfFields(form.fields.map((f) => f.trim())).length === 0}
                title="A query grouped by a column charts its top groups"
                w={150}
                allowDeselect={false}
              />
              <TextInput
                label="Sort"
                value={form.sort}
                onChange={(e) => edit({ ...form, sort: e.currentTarget.value })}
                w={200}
              />
              <Button type="submit">Run</Button>
              <Anchor href={discoverExportPath(org, ran)} size="sm">
                Export CSV
              </Anchor>
            </Group>
          </Stack>
        </Group>
        <Textarea
          mt="sm"
          label="Raw query"
          value={raw}
          onChange={(e) => editRaw(e.currentTarget.value)}
          autosize
          minRows={1}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      </form>
      {error ? (
        <Alert color="red" title="The query was refused">
          {error instanceof Error ? error.message : String(error)}
        </Alert>
      ) : null}
      <section aria-label={`Chart of ${yAxis}`}>
        <Text size="sm" c="dimmed">
          {yAxis} over {fromRaw(ran).period}
          {top > 0 ? ` · top ${top} ${groupByOfFields(fromRaw(ran).fields).join(', ')}` : ''}
        </Text>
        <EChart option={option} height={top > 0 ? 260 : 220} label={`${yAxis} over time`} />
      </section>
      {table.data ? (
        <DiscoverResults
          result={table.data}
          sort={fromRaw(ran).sort}
          onSort={sortBy}
          org={org}
          onCondition={addCondition}
          onEvents={openEvents}
        />
      ) : (
        <Text c="dimmed">{table.isLoading ? 'Loading…' : null}</Text>
      )}
    </Stack>
  );
}
