/**
 * Discover's result table: a header per field (click to sort: descending, then ascending) and the
 * rows virtualized, so a page of any length scrolls smoothly. An `issue.id` cell links to its issue.
 */
import type { DiscoverResult } from '@dexter/contracts';
import { Anchor, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'react-router-dom';

const ROW_HEIGHT = 32;

interface Props {
  result: DiscoverResult;
  sort: string;
  onSort: (field: string) => void;
  org: string;
}

export function DiscoverResults({ result, sort, onSort, org }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const fields = Object.keys(result.meta.fields);
  const virtualizer = useVirtualizer({
    count: result.data.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    useFlushSync: false,
  });
  const arrow = (field: string) => (sort === `-${field}` ? ' ↓' : sort === field ? ' ↑' : '');

  const items = virtualizer.getVirtualItems();
  // Spacer rows above and below the rendered ones keep the scroll height of every row.
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div ref={scroller} style={{ maxHeight: 480, overflow: 'auto' }}>
      <table
        aria-label="Results"
        aria-rowcount={result.data.length + 1}
        style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}
      >
        <thead style={{ position: 'sticky', top: 0, background: 'var(--mantine-color-body)' }}>
          <tr>
            {fields.map((field) => (
              <th
                key={field}
                aria-sort={sort === `-${field}` ? 'descending' : sort === field ? 'ascending' : 'none'}
                style={{
                  textAlign: 'left',
                  padding: 0,
                  borderBottom: '1px solid var(--mantine-color-default-border)',
                }}
              >
                <UnstyledButton onClick={() => onSort(field)} p={6} w="100%">
                  <Text size="sm" fw={600} truncate>
                    {field}
                    {arrow(field)}
                  </Text>
                </UnstyledButton>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr style={{ height: before }} /> : null}
          {items.map((item) => {
            const row = result.data[item.index]!;
            return (
              <tr key={item.key} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                {fields.map((field) => (
                  <td
                    key={field}
                    style={{
                      padding: '0 6px',
                      overflow: 'hidden',
                      whiteSpace: 'nowrap',
                      textOverflow: 'ellipsis',
                      borderBottom: '1px solid var(--mantine-color-default-border)',
                    }}
                  >
                    {field === 'issue.id' && row[field] !== null ? (
                      <Anchor
                        component={Link}
                        to={`/${encodeURIComponent(org)}/issues/${row[field]}`}
                        size="sm"
                      >
                        {String(row[field])}
                      </Anchor>
                    ) : (
                      <Text size="sm" span>
                        {row[field] === null ? '—' : String(row[field])}
                      </Text>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 ? <tr style={{ height: after }} /> : null}
        </tbody>
      </table>
      {result.data.length === 0 ? (
        <Text c="dimmed" p="sm">
          No events match.
        </Text>
      ) : null}
    </div>
  );
}
