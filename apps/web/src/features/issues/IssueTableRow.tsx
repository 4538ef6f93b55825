/**
 * One row of the issue stream's virtualized table. While the list scrolls, rows mount and unmount
 * every frame, so a row is plain elements styled by the table's CSS module, not Mantine
 * components: each of those (Box, Group, Text, Badge, Checkbox) resolves theme props and styles on
 * mount, and the checkbox subscribes to a media query; over a row that cost a frame's budget.
 * The look follows Mantine's: the level tag uses its light-variant colour variables.
 *
 * Memoized: every prop stays equal for a row that stays in view (its offset is a number, the
 * callbacks are stable), so scrolling renders only the rows that come into view.
 */
import type { Issue, TicketLink } from '@dexter/contracts';
import { type CSSProperties, type FocusEvent, type MouseEvent, memo, type Ref } from 'react';
import { RelativeTime } from '../../components/RelativeTime';
import { TicketCell } from '../integrations/StreamTickets';
import { IssueCategoryTag } from './IssueCategoryTag';
import { IssueSparkline } from './IssueSparkline';
import classes from './IssueTable.module.css';
import { formatCount, formatExactCount, levelColor } from './issue-display';

export const ROW_HEIGHT = 58;

/** "Carol Tester" -> "CT", "admin" -> "A": a stand-in for an avatar that costs no request. */
export const initialsOf = (name: string): string =>
  name
    .split(/[\s._@-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('') || '?';

/** Where a row sits in the table body; an index always has the same offset (one fixed height). */
export const rowPosition = (top: number): CSSProperties => ({
  height: ROW_HEIGHT,
  top,
});

interface IssueTableRowProps {
  issue: Issue;
  index: number;
  /** Offset from the top of the body, in pixels. */
  top: number;
  now: number;
  href: string;
  focused: boolean;
  /** Given to the focus row only, so the table can move the browser's focus to it. */
  rowRef: Ref<HTMLTableRowElement> | undefined;
  selected: boolean;
  onOpen: (issue: Issue) => void;
  onFocusIndex: (index: number) => void;
  onToggle: (issueId: string) => void;
  /** Null: the table has no ticket column. */
  tickets: readonly TicketLink[] | null;
}

const isPlainClick = (event: MouseEvent) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
const stopPropagation = (event: MouseEvent) => event.stopPropagation();

export const IssueTableRow = memo(function IssueTableRow(props: IssueTableRowProps) {
  const { issue, index, top, now, href, focused, rowRef, selected, onOpen, onFocusIndex, onToggle } = props;
  // The title is a real link so modified and middle clicks open a new tab; a plain click anywhere
  // on the row, the link included, opens the issue through `onOpen`.
  const onClick = (event: MouseEvent) => {
    if (isPlainClick(event)) onOpen(issue);
  };
  const onLinkClick = (event: MouseEvent) => {
    if (isPlainClick(event)) event.preventDefault();
  };
  const onFocus = (event: FocusEvent) => {
    if (event.target === event.currentTarget) onFocusIndex(index);
  };
  const color = levelColor(issue.level);
  const style = {
    ...rowPosition(top),
    '--level-color': `var(--mantine-color-${color}-6)`,
  } as CSSProperties;
  const levelStyle = {
    '--tag-bg': `var(--mantine-color-${color}-light)`,
    '--tag-color': `var(--mantine-color-${color}-light-color)`,
  } as CSSProperties;

  return (
    <tr
      ref={rowRef}
      className={classes.row}
      style={style}
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
      onFocus={onFocus}
    >
      <td className={classes.td}>
        <input
          type="checkbox"
          className={classes.check}
          tabIndex={-1}
          aria-label={`Select ${issue.shortId}`}
          checked={selected}
          onClick={stopPropagation}
          onChange={() => onToggle(issue.id)}
        />
      </td>
      <td className={classes.td}>
        <div className={classes.line}>
          <span className={classes.shortId}>{issue.shortId}</span>
          <a href={href} className={classes.title} tabIndex={-1} title={issue.title} onClick={onLinkClick}>
            {issue.title}
          </a>
        </div>
        <div className={classes.line}>
          <span className={classes.levelTag} style={levelStyle}>
            {issue.level}
          </span>
          <IssueCategoryTag category={issue.category} />
          {issue.status !== 'unresolved' && (
            <span className={classes.dimmed} data-testid="row-status">
              {issue.status}
            </span>
          )}
          {issue.isBookmarked && (
            <span className={classes.bookmark} role="img" aria-label="Bookmarked">
              ★
            </span>
          )}
          <div className={classes.culprit}>{issue.culprit || issue.project.slug}</div>
        </div>
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
      <td className={classes.td}>
        {issue.assignedTo ? (
          <span
            className={classes.assignee}
            title={issue.assignedTo.email ?? issue.assignedTo.name}
            data-testid="row-assignee"
          >
            <span className={classes.initials} aria-hidden>
              {initialsOf(issue.assignedTo.name)}
            </span>
            <span className={classes.assigneeName}>
              {issue.assignedTo.type === 'team' ? `#${issue.assignedTo.name}` : issue.assignedTo.name}
            </span>
          </span>
        ) : (
          <span className={classes.dimmed} title="Unassigned">
            —
          </span>
        )}
      </td>
      {props.tickets && (
        <td className={classes.td}>
          <TicketCell links={props.tickets} />
        </td>
      )}
    </tr>
  );
});
