/**
 * The stream's ticket column: each row's linked tickets as key + state dot, linking out. The
 * links come one request per 50 loaded rows (the stream's page size), never one per row, and
 * only when the organization has a connection (else the column is not shown at all).
 *
 * The cell is plain elements, like the rest of the virtualized row (see IssueTableRow): rows
 * mount every frame while scrolling, and Mantine components would cost that frame.
 */
import type { Issue, TicketLink } from '@dexter/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { type MouseEvent, memo, useMemo } from 'react';
import { connectionsQueryOptions, streamTicketsQueryOptions } from './integrations-queries';
import classes from './StreamTickets.module.css';

/** The stream's page size: a page of rows is one request. */
const CHUNK = 50;
const NONE: readonly TicketLink[] = [];

/** Tickets per issue id for the loaded rows; null while the organization has no connection. */
export function useStreamTickets(
  org: string,
  issues: readonly Issue[] | undefined,
): ReadonlyMap<string, readonly TicketLink[]> | null {
  const connections = useQuery(connectionsQueryOptions(org));
  const enabled = (connections.data?.items.length ?? 0) > 0;
  const chunks = useMemo(() => {
    const ids = (issues ?? []).map((issue) => issue.id);
    const out: string[][] = [];
    for (let at = 0; at < ids.length; at += CHUNK) out.push(ids.slice(at, at + CHUNK));
    return out;
  }, [issues]);
  return useQueries({
    queries: chunks.map((ids) => ({ ...streamTicketsQueryOptions(org, ids), enabled })),
    combine: (results) => {
      if (!enabled) return null;
      const byIssue = new Map<string, TicketLink[]>();
      for (const result of results)
        for (const link of result.data?.items ?? []) {
          const list = byIssue.get(link.issueId) ?? [];
          list.push(link);
          byIssue.set(link.issueId, list);
        }
      return byIssue;
    },
  });
}

const stop = (event: MouseEvent) => event.stopPropagation();

/** At most two tickets shown; the rest counted ("+3"), all of them in the cell's title. */
export const TicketCell = memo(function TicketCell({ links }: { links: readonly TicketLink[] | undefined }) {
  const list = links ?? NONE;
  if (list.length === 0)
    return (
      <span className={classes.none} title="No tickets">
        —
      </span>
    );
  const shown = list.slice(0, 2);
  return (
    <span className={classes.cell} title={list.map((link) => `${link.key}: ${link.stateLabel}`).join('\n')}>
      {shown.map((link) => (
        <a
          key={link.id}
          href={link.url}
          target="_blank"
          rel="noreferrer"
          className={classes.ticket}
          onClick={stop}
          tabIndex={-1}
          data-state={link.state}
          aria-label={`${link.key} (${link.state})`}
        >
          <span className={classes.dot} aria-hidden />
          <span className={classes.key}>{link.key.replace(/^.*\//, '')}</span>
        </a>
      ))}
      {list.length > shown.length && <span className={classes.more}>+{list.length - shown.length}</span>}
    </span>
  );
});
