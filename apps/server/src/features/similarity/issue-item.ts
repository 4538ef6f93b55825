/**
 * An issue as the grouping engine sees it: the exception chain of its latest event, read from the
 * Web API event (`/issues/{id}/events/latest/`, camelCase frames, caller first) and normalized at
 * this edge by `normalizeApiFrames` (top of the stack first from here on), plus `lastSeen` as the
 * time the engine compares.
 *
 * Sentry lists `exception.values` innermost cause first and the outermost exception last: the last
 * value is the item's own part, the first one (when there are several) its root cause. An event
 * without an exception (a log message) still makes an item, from the issue's metadata.
 */
import type { Issue } from '@dexter/contracts';
import { asItemId, type ExceptionPart, type GroupingItem, normalizeApiFrames } from '@dexter/grouping';
import { getExceptionEntry, type WithEntries } from '@dexter/sentry-client';

/** What an item is read from: a Web API event (or the part of one that holds its exception). */
export type ItemSource = WithEntries & { message?: string | null };

type ExceptionValue = NonNullable<NonNullable<ReturnType<typeof getExceptionEntry>>['values']>[number];

const partOf = (value: ExceptionValue): ExceptionPart => ({
  exceptionType: value.type ?? null,
  message: value.value ?? null,
  frames: normalizeApiFrames(value.stacktrace?.frames ?? []),
});

const timeOf = (iso: string | null): number | null => {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
};

export function issueItem(issue: Issue, event: ItemSource | null): GroupingItem {
  const values = (event ? getExceptionEntry(event)?.values : null) ?? [];
  const outer = values.at(-1);
  const root = values.length > 1 ? values[0] : undefined;
  const own: ExceptionPart = outer
    ? partOf(outer)
    : {
        exceptionType: issue.metadata.type ?? null,
        message: issue.metadata.value ?? event?.message ?? issue.title,
        frames: [],
      };
  return {
    id: asItemId(issue.id),
    ...own,
    cause: root ? partOf(root) : null,
    seenAt: timeOf(issue.lastSeen),
    project: issue.project.slug,
  };
}

/**
 * The item of an issue whose exception chain the built-in store handed over with its new event
 * (`WrittenEvent.stack`, Web API field names): read through the same exception entry parser as a
 * fetched event, so both give the same item.
 */
export const issueItemFromStack = (issue: Issue, stack: readonly object[]): GroupingItem =>
  issueItem(issue, { entries: [{ type: 'exception', data: { values: stack } }] });

/** The item with the issue's current `lastSeen`: a new event moves it, the stack stays. */
export const withSeenAt = (item: GroupingItem, issue: Issue): GroupingItem => ({
  ...item,
  seenAt: timeOf(issue.lastSeen),
  project: issue.project.slug,
});
