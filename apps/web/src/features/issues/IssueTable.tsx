/**
 * The issue stream as a virtualized table: only the rows in view (plus overscan) are in the DOM, so
 * thousands of loaded issues stay cheap. Real table elements laid out as CSS grid keep table
 * semantics while rows are absolutely positioned. The page owns the keyboard (see triage/keymap):
 * this table shows its focus row and selection, and scrolls the focus row into view and focuses it.
 * Nearing the end of the loaded rows asks for the next cursor page.
 *
 * Scrolling must not re-render rows already on screen: the virtualizer re-renders this table each
 * time the visible range moves (about once a frame at wheel speed), so rows are memoized and get
 * only values that stay equal for a row that stays (its index, its offset as a number, stable
 * callbacks); a frame then mounts the one or two rows that come into view and nothing else. Rows
 * have one fixed height (no measuring), so an index always has the same offset.
 */
import type { Issue, TicketLink } from '@dexter/contracts';
import { Loader } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { useNow } from '../../lib/use-now';
import { isTypingTarget } from '../triage/keymap';
import type { Selection } from '../triage/selection';
import classes from './IssueTable.module.css';
import { IssueTableRow, ROW_HEIGHT, rowPosition } from './IssueTableRow';

/** The sticky header sits inside the scroller, above the rows: keep in sync with `.head .row`. */
const HEAD_HEIGHT = 36;
/** Rows in overscan beyond each edge of the view: a few frames of fast wheel scrolling. */
const OVERSCAN_ROWS = 10;
/**
 * Ask for the next page while this many loaded rows are still ahead of the view: two pages (100
 * rows, 1.4 s at a fast 4,000 px/s), so the fetch finishes before the list runs out even when a
 * page takes most of a second (a busy server: bench:triage measured p95 0.9 s at load 20).
 */
const LOAD_MORE_WITHIN_ROWS = 100;

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
  /** How much of the loaded rows is selected (computed by the page, once per selection change). */
  pageSelection: PageSelection;
  /** The header's checkbox: select every loaded row, or unselect them. */
  onSelectPage: (selected: boolean) => void;
  /** What the sparklines span ("last 24 hours"), for the column's header. */
  trendLabel: string;
  /** Linked tickets per issue id; null: no ticket column (no integration connected). */
  tickets: ReadonlyMap<string, readonly TicketLink[]> | null;
}

const NO_TICKETS: readonly TicketLink[] = [];

export type PageSelection = 'none' | 'some' | 'all';

export const IssueTable = memo(function IssueTable(props: IssueTableProps) {
  const { issues, totalRows, hasNextPage, isFetchingNextPage, onLoadMore, focusIndex } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  /** The focus row's element while it is rendered (only that row gets the ref). */
  const focusedRowRef = useRef<HTMLTableRowElement>(null);
  const now = useNow();
  const virtualizer = useVirtualizer({
    count: issues.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    overscan: OVERSCAN_ROWS,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const selectPageRef = useRef<HTMLInputElement>(null);
  // `indeterminate` exists only as a DOM property.
  useLayoutEffect(() => {
    if (selectPageRef.current) selectPageRef.current.indeterminate = props.pageSelection === 'some';
  }, [props.pageSelection]);
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= issues.length - LOAD_MORE_WITHIN_ROWS)
      onLoadMore();
  }, [hasNextPage, isFetchingNextPage, lastIndex, issues.length, onLoadMore]);

  // Follow the keyboard's row, unless the user is typing somewhere (the search box).
  useEffect(() => {
    if (focusIndex < 0 || isTypingTarget(document.activeElement)) return;
    virtualizer.scrollToIndex(focusIndex);
    // Overscan usually has the row rendered already; otherwise focus it once it is.
    const row = focusedRowRef.current;
    if (row) row.focus({ preventScroll: true });
    else requestAnimationFrame(() => focusedRowRef.current?.focus({ preventScroll: true }));
  }, [focusIndex, virtualizer]);

  return (
    <div ref={scrollRef} className={classes.scroller}>
      <table
        className={props.tickets ? `${classes.table} ${classes.withTickets}` : classes.table}
        aria-rowcount={(totalRows ?? issues.length) + 1}
      >
        <thead className={classes.head}>
          <tr className={classes.row} aria-rowindex={1}>
            <th className={classes.th}>
              <input
                ref={selectPageRef}
                type="checkbox"
                className={classes.check}
                aria-label={
                  props.pageSelection === 'all'
                    ? `Unselect the ${issues.length} loaded issues`
                    : `Select the ${issues.length} loaded issues`
                }
                checked={props.pageSelection === 'all'}
                onChange={() => props.onSelectPage(props.pageSelection !== 'all')}
                data-testid="select-page"
              />
            </th>
            <th className={classes.th}>Issue</th>
            <th className={classes.th} title={`Events per interval, ${props.trendLabel}`}>
              Trend
            </th>
            <th className={classes.th}>Events</th>
            <th className={classes.th}>Users</th>
            <th className={classes.th}>Last seen</th>
            <th className={classes.th}>First seen</th>
            <th className={classes.th}>Assignee</th>
            {props.tickets && <th className={classes.th}>Tickets</th>}
          </tr>
        </thead>
        <tbody className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const issue = issues[item.index];
            const top = item.start - HEAD_HEIGHT;
            if (!issue) {
              return (
                <tr key="loader" className={classes.loaderRow} style={rowPosition(top)}>
                  <td>
                    <Loader size="sm" aria-label="Loading more issues" />
                  </td>
                </tr>
              );
            }
            return (
              <IssueTableRow
                key={issue.id}
                issue={issue}
                index={item.index}
                top={top}
                now={now}
                href={props.issueHref(issue)}
                focused={item.index === focusIndex}
                rowRef={item.index === focusIndex ? focusedRowRef : undefined}
                selected={props.selected.has(issue.id)}
                onOpen={props.onOpen}
                onFocusIndex={props.onFocusIndex}
                onToggle={props.onToggle}
                tickets={props.tickets ? (props.tickets.get(issue.id) ?? NO_TICKETS) : null}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
