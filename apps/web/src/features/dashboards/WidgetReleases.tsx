/**
 * A widget with the latest releases of the board's projects (a team board: its team's), their new
 * issues and crash-free sessions where known. With an environment on the board it keeps the
 * releases whose events in the period carried that environment, with their event count there,
 * and shows the last deploy to it; the releases API itself takes no environment.
 */
import type { Release, Widget } from '@dexter/contracts';
import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { QueryFilters } from '../../lib/discover-raw-query';
import { WidgetState } from './WidgetState';
import { type WidgetProjects, widgetReleasesOptions, widgetReleasesSeenOptions } from './widget-queries';

const SHOWN = 8;
const percent = (value: number | null | undefined) => (value == null ? '–' : `${value.toFixed(1)} %`);

interface Props {
  org: string;
  widget: Widget;
  filters: QueryFilters;
  projects: WidgetProjects;
  height: number;
}

export function WidgetReleases({ org, widget, filters, projects, height }: Props) {
  const environment = filters.environment;
  // With an environment, read more releases so that eight seen there are likely among them.
  const releases = useQuery(widgetReleasesOptions(org, projects, environment ? 50 : SHOWN));
  const seen = useQuery(widgetReleasesSeenOptions(org, filters, projects));
  if (!releases.data) return <WidgetState query={releases} />;
  if (environment && !seen.data) return <WidgetState query={seen} />;
  const eventsIn = new Map((seen.data?.data ?? []).map((row) => [String(row.release ?? ''), row['count()']]));
  const shown = (
    environment ? releases.data.items.filter((release) => eventsIn.has(release.version)) : releases.data.items
  ).slice(0, SHOWN);
  if (shown.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {environment
          ? `No release had events in ${environment} in the last ${filters.period}.`
          : 'No releases yet.'}
      </Text>
    );
  const lastDeploy = (release: Release) =>
    environment
      ? (release.lastDeploys.find((deploy) => deploy.environment === environment) ??
        (release.lastDeploy?.environment === environment ? release.lastDeploy : null))
      : release.lastDeploy;
  return (
    <div style={{ height, overflow: 'auto' }}>
      <Table fz="xs" withRowBorders={false} aria-label={`${widget.title} releases`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Release</Table.Th>
            {environment && <Table.Th>Events in {environment}</Table.Th>}
            <Table.Th>New issues</Table.Th>
            <Table.Th>Crash-free sessions</Table.Th>
            <Table.Th>{environment ? `Deployed to ${environment}` : 'Last deploy'}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((release) => (
            <Table.Tr key={release.version}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/${encodeURIComponent(org)}/releases/${encodeURIComponent(release.version)}`}
                  size="xs"
                >
                  {release.shortVersion}
                </Anchor>
              </Table.Td>
              {environment && <Table.Td>{String(eventsIn.get(release.version) ?? 0)}</Table.Td>}
              <Table.Td>{release.newGroups}</Table.Td>
              <Table.Td>{percent(release.health?.crashFreeSessions)}</Table.Td>
              <Table.Td>
                {environment
                  ? (lastDeploy(release)?.dateFinished?.slice(0, 10) ?? (lastDeploy(release) ? 'yes' : '–'))
                  : (release.lastDeploy?.environment ?? '–')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
