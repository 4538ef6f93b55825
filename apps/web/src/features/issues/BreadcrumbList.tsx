import type { Breadcrumb } from '@dexter/contracts';
import { Badge, Table, Text } from '@mantine/core';
import { toIsoTime } from '../../lib/relative-time';
import { describeData } from './breadcrumb-data';
import { levelColor } from './issue-display';

/** What happened before the error, oldest first as the SDK recorded it, with times in UTC. */
export function BreadcrumbList({ breadcrumbs }: { breadcrumbs: readonly Breadcrumb[] }) {
  return (
    // Shown in the page's Breadcrumbs tab, which names it.
    <section aria-label="Breadcrumbs">
      {breadcrumbs.length === 0 ? (
        <Text size="sm" c="dimmed">
          No breadcrumbs.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-label="Breadcrumbs" data-testid="breadcrumbs" fz="sm" verticalSpacing={4} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={100}>Time</Table.Th>
                <Table.Th w={140}>Category</Table.Th>
                <Table.Th w={90}>Level</Table.Th>
                <Table.Th>Message and data</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {breadcrumbs.map((crumb, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: breadcrumbs have no id and never reorder
                <Table.Tr key={index}>
                  <Table.Td ff="monospace" title={toIsoTime(crumb.timestamp)}>
                    {clockTime(crumb.timestamp)}
                  </Table.Td>
                  <Table.Td>{crumb.category ?? crumb.type ?? '—'}</Table.Td>
                  <Table.Td>
                    {crumb.level && (
                      <Badge size="xs" variant="light" color={levelColor(crumb.level)}>
                        {crumb.level}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ff="monospace" style={{ wordBreak: 'break-word' }}>
                    {crumb.message}
                    {crumb.data && (
                      <Text size="xs" c="dimmed" ff="monospace" data-testid="breadcrumb-data">
                        {describeData(crumb.data)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

/** HH:MM:SS in UTC, the part that differs between crumbs of one event. */
function clockTime(timestamp: string | null): string {
  return toIsoTime(timestamp)?.slice(11, 19) ?? '—';
}
