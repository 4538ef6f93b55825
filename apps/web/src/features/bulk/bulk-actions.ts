/**
 * The changes the bulk bar and "select all matching" offer, as `IssueUpdate`s: one table, so the
 * confirmation dialog and the bar name and send the same thing.
 */
import type { IssueUpdate } from '@dexter/contracts';

export const BULK_ACTIONS = {
  resolve: { label: 'Resolve', update: { status: 'resolved' } },
  ignore: { label: 'Ignore', update: { status: 'ignored', ignore: { until: 'forever' } } },
  bookmark: { label: 'Bookmark', update: { isBookmarked: true } },
  unresolve: { label: 'Unresolve', update: { status: 'unresolved' } },
} as const satisfies Record<string, { label: string; update: IssueUpdate }>;

export type BulkActionName = keyof typeof BULK_ACTIONS;
