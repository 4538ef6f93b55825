/** A widget with the latest releases, their new issues and crash-free sessions where known. */
import type { Widget } from '@dexter/contracts';
import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { WidgetState } from './WidgetState';
import { widgetReleasesOptions } from './widget-queries';

const percent = (value: number | null | undefined) => (value == null ? '–' : `${value.toFixed(1)} %`);

export function WidgetReleases({ org, widget, height }: { org: string; widget: Widget; height: number }) {
  const releases = useQuery(widgetReleasesOptions(org));
  if (!releases.data) return <WidgetState query={releases} />;
  if (releases.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No releases yet.
      </Text>
    );
  return (
    <div style={{ height, overflow: 'auto' }}>
      <Table fz="xs" withRowBorders={false} aria-label={`${widget.title} releases`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Release</Table.Th>
            <Table.Th>New issues</Table.Th>
            <Table.Th>Crash-free sessions</Table.Th>
            <Table.Th>Last deploy</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {releases.data.items.map((release) => (
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
              <Table.Td>{release.newGroups}</Table.Td>
              <Table.Td>{percent(release.health?.crashFreeSessions)}</Table.Td>
              <Table.Td>{release.lastDeploy?.environment ?? '–'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
