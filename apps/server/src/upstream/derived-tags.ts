/**
 * Cache tags that come from a request's query or body, or from Sentry's answer, rather than from
 * the path: the operation table names them as `{=name}` and this file computes them.
 *
 * They exist so one issue's change drops only the issue lists it can affect, instead of every list:
 * - a list carries `issue-state:<id>` for each issue in its page (`answer-issues`), so a change
 *   made to an issue it shows drops it. Not `issue:<id>`, which new events bump many times a
 *   second on a busy issue: lists take in new events by their TTL (see live-publisher.ts);
 * - a list filtered by status carries `issues-status:<status>` (`list-statuses`), so an issue
 *   entering that status drops it (an issue leaving it was in its page, or not shown at all);
 *   a status filter Dexter does not model (negated, substatus, or an unknown `is:`) carries
 *   `issues-status:other`, which every status change drops;
 * - a change to one issue (`status-change`) drops its new status's lists and `other`, when it only
 *   changes the status; any other change (assignee, bookmark, priority...) may move the issue
 *   between lists Dexter cannot tell apart, so it drops them all (`issues`).
 * A page that shifts because an issue left an earlier page is asked for with another cursor, so
 * it is another cache key.
 */
import type { Query } from '@dexter/sentry-client';
import { type CacheTag, cacheTags, type ListStatus } from './cache-tags';

export type DerivedTagName = 'answer-issues' | 'list-statuses' | 'status-change';
export const DERIVED_TAG_NAMES: readonly DerivedTagName[] = [
  'answer-issues',
  'list-statuses',
  'status-change',
];

/** Sentry's issue statuses as list filters; `archived` is the newer name of `ignored`. */
const STATUS_OF_FILTER: Record<string, ListStatus> = {
  unresolved: 'unresolved',
  resolved: 'resolved',
  ignored: 'ignored',
  archived: 'ignored',
};

/** `is:` values that filter on something other than status (assignment, links, bookmarks). */
const NOT_STATUS = new Set(['assigned', 'unassigned', 'bookmarked', 'linked', 'unlinked', 'subscribed']);

/** What an update body may hold when it changes the status and nothing else. */
const STATUS_FIELDS = new Set([
  'status',
  'statusDetails',
  'substatus',
  'ignoreDuration',
  'ignoreCount',
  'ignoreWindow',
  'ignoreUserCount',
  'ignoreUserWindow',
]);

const STATUS_OF_UPDATE: Record<string, ListStatus> = {
  resolved: 'resolved',
  resolvedInNextRelease: 'resolved',
  unresolved: 'unresolved',
  ignored: 'ignored',
};

/** Every value of one query parameter, whichever form the query takes. */
export function queryValues(query: Query | undefined, name: string): string[] {
  if (query instanceof URLSearchParams) return query.getAll(name);
  const value = query?.[name];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The status tags of an issue list asked for with this Sentry query (absent means unresolved). */
export function listStatusTags(query: Query | undefined): CacheTag[] {
  const text = queryValues(query, 'query')[0] ?? 'is:unresolved';
  const tags = new Set<CacheTag>();
  for (const token of text.split(/\s+/)) {
    const match = /^(!?)is:(\S+)$/i.exec(token);
    if (!match) continue;
    const value = match[2]!.toLowerCase();
    if (NOT_STATUS.has(value)) continue;
    const status = STATUS_OF_FILTER[value];
    tags.add(cacheTags.issuesStatus(match[1] === '' && status ? status : 'other'));
  }
  return [...tags];
}

/** What a change to one issue drops among the lists (its own `issue:<id>` is a path tag). */
export function statusChangeTags(body: unknown): CacheTag[] {
  if (typeof body !== 'object' || body === null) return [cacheTags.issues];
  const fields = Object.keys(body);
  const status = (body as { status?: unknown }).status;
  const target = typeof status === 'string' ? STATUS_OF_UPDATE[status] : undefined;
  if (!target || !fields.every((field) => STATUS_FIELDS.has(field))) return [cacheTags.issues];
  return [cacheTags.issuesStatus(target), cacheTags.issuesStatus('other')];
}

/** `issue-state:<id>` of each issue in a list answer. */
export function answerIssueTags(answer: unknown): CacheTag[] {
  if (!Array.isArray(answer)) return [];
  const tags: CacheTag[] = [];
  for (const item of answer) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === 'string' || typeof id === 'number') tags.push(cacheTags.issueState(id));
  }
  return tags;
}
