/**
 * Alert status: the alert rules of the board's projects (a team board: its team's; at most
 * MAX_PROJECTS, one request per project and kind, as the alerts page reads them), the ones that
 * fired most recently first, each with when it last fired and how often. A rule that fired within
 * the dashboard's period reads "fired"; metric rules carry a count but no last time.
 */
import type { Widget } from '@dexter/contracts';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import type { QueryFilters } from '../../lib/discover-raw-query';
import { useNow } from '../../lib/use-now';
import { alertRulesQueryOptions, metricRulesQueryOptions } from '../alerts/alerts-queries';
import { projectsQueryOptions } from '../organizations/organizations-queries';
import { WidgetState } from './WidgetState';
import type { WidgetProjects } from './widget-queries';

const MAX_PROJECTS = 10;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

interface Row {
  key: string;
  name: string;
  project: string;
  kind: 'issue' | 'metric';
  lastFired: string | null;
  fireCount: number;
}

interface Props {
  org: string;
  widget: Widget;
  filters: QueryFilters;
  projects: WidgetProjects;
  height: number;
}

export function WidgetAlerts({ org, widget, filters, projects, height }: Props) {
  const now = useNow();
  const all = useQuery({ ...projectsQueryOptions(org), enabled: projects === null });
  const slugs = (projects ?? all.data?.projects ?? []).map((project) => project.slug).slice(0, MAX_PROJECTS);
  const answers = useQueries({
    queries: slugs.flatMap((slug) => [alertRulesQueryOptions(org, slug), metricRulesQueryOptions(org, slug)]),
  });
  const failed = answers.find((answer) => answer.error);
  if (projects === null && !all.data) return <WidgetState query={all} />;
  if (failed) return <WidgetState query={failed} />;
  if (answers.some((answer) => !answer.data)) return <WidgetState query={{ isLoading: true, error: null }} />;

  const rows: Row[] = answers.flatMap((answer, index) => {
    const project = slugs[Math.floor(index / 2)]!;
    return (answer.data?.items ?? []).map((item) => ({
      key: `${index % 2 === 0 ? 'issue' : 'metric'}:${item.id}`,
      name: item.rule.name,
      project,
      kind: index % 2 === 0 ? 'issue' : 'metric',
      lastFired: 'lastFired' in item ? item.lastFired : null,
      fireCount: item.fireCount,
    }));
  });
  rows.sort((a, b) => (b.lastFired ?? '').localeCompare(a.lastFired ?? '') || b.fireCount - a.fireCount);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No alert rules yet.{' '}
        <Anchor component={Link} to={`/${encodeURIComponent(org)}/alerts`} size="sm">
          Make one
        </Anchor>
      </Text>
    );
  const match = /^(\d+)([mhdw])$/.exec(filters.period);
  const since = now - (match ? Number(match[1]) * UNIT_MS[match[2]!]! : 14 * UNIT_MS.d!);
  const firedRecently = (row: Row) => row.lastFired !== null && Date.parse(row.lastFired) >= since;
  return (
    <div style={{ height, overflow: 'auto' }}>
      <Table fz="xs" withRowBorders={false} aria-label={`${widget.title} rules`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last fired</Table.Th>
            <Table.Th>Firings</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.project}:${row.key}`}>
              <Table.Td>
                <Text size="xs" truncate="end" title={`${row.name} (${row.kind} rule of ${row.project})`}>
                  {row.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge size="xs" variant="light" color={firedRecently(row) ? 'red' : 'gray'}>
                  {firedRecently(row) ? 'fired' : 'quiet'}
                </Badge>
              </Table.Td>
              <Table.Td>{row.lastFired ? <RelativeTime value={row.lastFired} now={now} /> : '–'}</Table.Td>
              <Table.Td>{row.fireCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
