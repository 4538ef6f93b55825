/**
 * Discover's result table: a header per field (click to sort: descending, then ascending) and the
 * rows virtualized, so a page of any length scrolls smoothly. Cells drill down: an `issue.id` cell
 * opens its issue, a column's value becomes a condition of the search, a function's value opens the
 * events behind its row.
 */
import type { DiscoverResult } from '@dexter/contracts';
import { Anchor, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useRef } from 'react';
import { Link } from 'react-router-dom';
import { isFunctionField } from '../../lib/discover-raw-query';
import { isConditionColumn } from './discover-model';

const ROW_HEIGHT = 32;

interface Props {
  result: DiscoverResult;
  sort: string;
  onSort: (field: string) => void;
  org: string;
  /** A column's value clicked: search for it. */
  onCondition: (field: string, value: string | number | null) => void;
  /** A function's value clicked: list the events of its row. */
  onEvents: (row: Record<string, string | number | null>) => void;
}

type Row = DiscoverResult['data'][number];

/** A button that reads as the cell's text and still cuts long values like the other cells. */
const CUT: CSSProperties = {
  maxWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'middle',
  textAlign: 'left',
};

function Cell({
  field,
  row,
  org,
  onCondition,
  onEvents,
}: { field: string; row: Row } & Pick<Props, 'org' | 'onCondition' | 'onEvents'>) {
  const value = row[field] ?? null;
  const text = value === null ? '—' : String(value);
  if (field === 'issue.id' && value !== null) {
    return (
      <Anchor component={Link} to={`/${encodeURIComponent(org)}/issues/${value}`} size="sm">
        {text}
      </Anchor>
    );
  }
  if (isConditionColumn(field)) {
    return (
      <Anchor
        component="button"
        type="button"
        size="sm"
        c="inherit"
        style={CUT}
        title={`Search for ${field}: ${text}`}
        onClick={() => onCondition(field, value)}
      >
        {text}
      </Anchor>
    );
  }
  if (isFunctionField(field)) {
    return (
      <Anchor
        component="button"
        type="button"
        size="sm"
        style={CUT}
        title="Open the events of this row"
        onClick={() => onEvents(row)}
      >
        {text}
      </Anchor>
    );
  }
  return (
    <Text size="sm" span>
      {text}
    </Text>
  );
}

export function DiscoverResults({ result, sort, onSort, org, onCondition, onEvents }: Props) {
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
                    <Cell field={field} row={row} org={org} onCondition={onCondition} onEvents={onEvents} />
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
