/**
 * The issue stream as a virtualized table: only the rows in view (plus overscan) are in the DOM, so
 * thousands of loaded issues stay cheap. Real table elements laid out as CSS grid keep table
 * semantics while rows are absolutely positioned. The page owns the keyboard (see triage/keymap):
 * this table shows its focus row and selection, and scrolls the focus row into view and focuses it.
 * Nearing the end of the loaded rows asks for the next cursor page.
 */
import type { Issue } from '@dexter/contracts';
import { Checkbox, Group, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type MouseEvent, memo, useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { isTypingTarget } from '../triage/keymap';
import type { Selection } from '../triage/selection';
import { LevelBadge } from './IssueBadges';
import { IssueSparkline } from './IssueSparkline';
import classes from './IssueTable.module.css';
import { formatCount, formatExactCount, levelColor } from './issue-display';

const ROW_HEIGHT = 58;
/** The sticky header sits inside the scroller, above the rows: keep in sync with `.head .row`. */
const HEAD_HEIGHT = 36;
const LOAD_MORE_WITHIN_ROWS = 15;

interface IssueTableProps {
  issues: readonly Issue[];
  /** Total matches when known, for aria-rowcount. */
  totalRows: number | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  issueHref: (issue: Issue) => string;
  onOpen: (issue: Issue) => void;
  /** The keyboard's row (-1: none yet). */
  focusIndex: number;
  onFocusIndex: (index: number) => void;
  selected: Selection;
  onToggle: (issueId: string) => void;
}

export function IssueTable(props: IssueTableProps) {
  const { issues, totalRows, hasNextPage, isFetchingNextPage, onLoadMore, focusIndex } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const virtualizer = useVirtualizer({
    count: issues.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    overscan: 8,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= issues.length - LOAD_MORE_WITHIN_ROWS)
      onLoadMore();
  }, [hasNextPage, isFetchingNextPage, lastIndex, issues.length, onLoadMore]);

  // Follow the keyboard's row, unless the user is typing somewhere (the search box).
  useEffect(() => {
    if (focusIndex < 0 || isTypingTarget(document.activeElement)) return;
    const findRow = () => scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${focusIndex}"]`);
    virtualizer.scrollToIndex(focusIndex);
    // Overscan usually has the row rendered already; otherwise focus it once it is.
    const row = findRow();
    if (row) row.focus({ preventScroll: true });
    else requestAnimationFrame(() => findRow()?.focus({ preventScroll: true }));
  }, [focusIndex, virtualizer]);

  return (
    <div ref={scrollRef} className={classes.scroller}>
      <table className={classes.table} aria-rowcount={(totalRows ?? issues.length) + 1}>
        <thead className={classes.head}>
          <tr className={classes.row} aria-rowindex={1}>
            <th className={classes.th} aria-label="Selected" />
            <th className={classes.th}>Issue</th>
            <th className={classes.th}>Trend</th>
            <th className={classes.th}>Events</th>
            <th className={classes.th}>Users</th>
            <th className={classes.th}>Last seen</th>
            <th className={classes.th}>First seen</th>
          </tr>
        </thead>
        <tbody className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const issue = issues[item.index];
            const style: CSSProperties = {
              height: item.size,
              transform: `translateY(${item.start - HEAD_HEIGHT}px)`,
            };
            if (!issue) {
              return (
                <tr key="loader" className={classes.loaderRow} style={style}>
                  <td>
                    <Loader size="sm" aria-label="Loading more issues" />
                  </td>
                </tr>
              );
            }
            return (
              <IssueRow
                key={issue.id}
                issue={issue}
                index={item.index}
                style={style}
                now={now}
                href={props.issueHref(issue)}
                focused={item.index === focusIndex}
                selected={props.selected.has(issue.id)}
                onOpen={props.onOpen}
                onFocusIndex={props.onFocusIndex}
                onToggle={props.onToggle}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface IssueRowProps {
  issue: Issue;
  index: number;
  style: CSSProperties;
  now: number;
  href: string;
  focused: boolean;
  selected: boolean;
  onOpen: (issue: Issue) => void;
  onFocusIndex: (index: number) => void;
  onToggle: (issueId: string) => void;
}

const IssueRow = memo(function IssueRow(props: IssueRowProps) {
  const { issue, index, style, now, href, focused, selected, onOpen, onFocusIndex, onToggle } = props;
  // The title is a real link so modified and middle clicks open a new tab; a plain click anywhere
  // on the row, the link included, opens the issue through `onOpen`.
  const isPlainClick = (event: MouseEvent) =>
    event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  const onClick = (event: MouseEvent) => {
    if (isPlainClick(event)) onOpen(issue);
  };
  const onLinkClick = (event: MouseEvent) => {
    if (isPlainClick(event)) event.preventDefault();
  };
  const levelStyle = {
    '--level-color': `var(--mantine-color-${levelColor(issue.level)}-6)`,
  } as CSSProperties;

  return (
    <tr
      className={classes.row}
      style={{ ...style, ...levelStyle }}
      data-index={index}
      data-testid="issue-row"
      data-issue-id={issue.id}
      data-status={issue.status}
      data-focused={focused}
      data-selected={selected}
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={focused || index === 0 ? 0 : -1}
      onClick={onClick}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusIndex(index);
      }}
    >
      <td className={classes.td}>
        <Checkbox
          size="xs"
          tabIndex={-1}
          aria-label={`Select ${issue.shortId}`}
          checked={selected}
          onClick={(event) => event.stopPropagation()}
          onChange={() => onToggle(issue.id)}
        />
      </td>
      <td className={classes.td}>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c="dimmed" ff="monospace" style={{ flexShrink: 0 }}>
            {issue.shortId}
          </Text>
          <Link to={href} className={classes.title} tabIndex={-1} title={issue.title} onClick={onLinkClick}>
            {issue.title}
          </Link>
        </Group>
        <Group gap={6} wrap="nowrap" mt={2}>
          <LevelBadge level={issue.level} size="xs" />
          {issue.status !== 'unresolved' && (
            <Text size="xs" c="dimmed" data-testid="row-status">
              {issue.status}
            </Text>
          )}
          {issue.isBookmarked && (
            <Text size="xs" c="yellow" aria-label="Bookmarked">
              ★
            </Text>
          )}
          {issue.assignedTo && (
            <Text size="xs" c="dimmed" data-testid="row-assignee">
              → {issue.assignedTo.name}
            </Text>
          )}
          <div className={classes.culprit}>{issue.culprit || issue.project.slug}</div>
        </Group>
      </td>
      <td className={classes.td}>
        <IssueSparkline stats={issue.stats} />
      </td>
      <td className={classes.td} title={formatExactCount(issue.count)}>
        {formatCount(issue.count)}
      </td>
      <td className={classes.td} title={formatExactCount(issue.userCount)}>
        {formatCount(issue.userCount)}
      </td>
      <td className={classes.td}>
        <RelativeTime value={issue.lastSeen} now={now} />
      </td>
      <td className={classes.td}>
        <RelativeTime value={issue.firstSeen} now={now} />
      </td>
    </tr>
  );
});
