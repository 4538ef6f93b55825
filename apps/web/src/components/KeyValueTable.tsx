import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export type KeyValueRow = readonly [key: string, value: ReactNode];

interface KeyValueTableProps {
  label: string;
  rows: readonly KeyValueRow[];
  testId?: string;
}

/** Two-column key/value table; rows whose value is null or empty are left out. */
export function KeyValueTable({ label, rows, testId }: KeyValueTableProps) {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (shown.length === 0) return null;
  return (
    <Table aria-label={label} data-testid={testId} layout="fixed" verticalSpacing={4} fz="sm">
      <Table.Tbody>
        {shown.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th scope="row" w="38%" fw={500}>
              <Text inherit c="dimmed" truncate title={key}>
                {key}
              </Text>
            </Table.Th>
            <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
