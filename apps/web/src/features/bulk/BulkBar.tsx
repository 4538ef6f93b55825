/** The actions on the selected rows, shown while anything is selected. */
import { Button, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatExactCount } from '../issues/issue-display';

interface BulkBarProps {
  count: number;
  /** Matches of the search when known, for "Select all N matching". */
  matching: number | null;
  busy: boolean;
  onResolve: () => void;
  onIgnore: () => void;
  onAssign: () => void;
  onBookmark: () => void;
  onSelectAllMatching: () => void;
  onClear: () => void;
  /** More actions on the selection, from other features (tickets). */
  children?: ReactNode;
}

export function BulkBar(props: BulkBarProps) {
  const { count, matching, busy } = props;
  return (
    <Paper withBorder p={6} data-testid="bulk-bar">
      <Group gap="xs">
        <Text size="sm" fw={600} data-testid="selection-count" px={4}>
          {formatExactCount(count)} selected
        </Text>
        <Button size="xs" color="green" disabled={busy} onClick={props.onResolve}>
          Resolve
        </Button>
        <Button size="xs" variant="default" disabled={busy} onClick={props.onIgnore}>
          Ignore
        </Button>
        <Button size="xs" variant="default" disabled={busy} onClick={props.onAssign}>
          Assign
        </Button>
        <Button size="xs" variant="default" disabled={busy} onClick={props.onBookmark}>
          Bookmark
        </Button>
        {props.children}
        <Button
          size="xs"
          variant="light"
          data-testid="select-all-matching"
          onClick={props.onSelectAllMatching}
        >
          Select all {matching === null ? '' : `${formatExactCount(matching)} `}matching
        </Button>
        <Button size="xs" variant="subtle" onClick={props.onClear}>
          Clear
        </Button>
      </Group>
    </Paper>
  );
}
