/**
 * The rows of the exports, read page by page as background work in the rate budget: every issue
 * of a search (Dexter's search, so OR and `frame:` work as in the list, without the list's scan
 * bound) and every event of one issue (100 per upstream page).
 */
import type { EVENT_EXPORT_COLUMNS, ISSUE_EXPORT_COLUMNS, IssueExportQuery } from '@dexter/contracts';
import { type EventListItem, paginate, type SentryClient } from '@dexter/sentry-client';
import type { IssueSearch } from '../../issue-search/issue-search-service';
import { searchParamsOf } from '../../issue-search/search-params';
import { toIssue } from '../../sentry-mapping/issue-mapper';
import { type CacheTag, cacheTags } from '../../upstream/cache-tags';

export type IssueRow = Record<(typeof ISSUE_EXPORT_COLUMNS)[number], unknown>;
export type EventRow = Record<(typeof EVENT_EXPORT_COLUMNS)[number], unknown>;

function eventRow(event: EventListItem): EventRow {
  const tags = Object.fromEntries((event.tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
  return {
    id: event.eventID ?? event.id,
    dateCreated: event.dateCreated ?? null,
    title: event.title ?? null,
    message: event.message ?? null,
    release: tags.release ?? null,
    environment: tags.environment ?? null,
    userId: event.user?.id ?? null,
    userEmail: event.user?.email ?? null,
    tags,
  };
}

export function createExportService({
  sentry,
  search,
  freshen,
  shutdown,
}: {
  sentry: Pick<SentryClient, 'events'>;
  search: Pick<IssueSearch, 'all'>;
  /** Drops cached reads of these tags: an export shows what is there now, not a cached page. */
  freshen: (tags: readonly CacheTag[]) => Promise<void>;
  /** Aborted when Dexter stops: a long export must not hold the shutdown. */
  shutdown: AbortSignal;
}) {
  const BACKGROUND = { priority: 'background', signal: shutdown } as const;
  return {
    async *issues(org: string, query: Omit<IssueExportQuery, 'format'>): AsyncGenerator<IssueRow> {
      const params = { ...searchParamsOf(query), groupStatsPeriod: '' as const };
      await freshen([cacheTags.issues]);
      for await (const found of search.all(org, params, BACKGROUND)) {
        const issue = toIssue(found);
        yield {
          id: issue.id,
          shortId: issue.shortId,
          title: issue.title,
          culprit: issue.culprit,
          level: issue.level,
          status: issue.status,
          substatus: issue.substatus ?? null,
          priority: issue.priority ?? null,
          count: issue.count,
          userCount: issue.userCount,
          firstSeen: issue.firstSeen,
          lastSeen: issue.lastSeen,
          project: issue.project.slug,
          assignedTo: issue.assignedTo ? `${issue.assignedTo.type}:${issue.assignedTo.name}` : null,
          permalink: issue.permalink,
        };
      }
    },

    async *events(org: string, issueId: string): AsyncGenerator<EventRow> {
      await freshen([cacheTags.issueEvents(issueId)]);
      const pages = paginate(
        (cursor) => sentry.events.listForIssue(org, issueId, { cursor, perPage: 100 }, BACKGROUND),
        { maxPages: Number.POSITIVE_INFINITY },
      );
      for await (const page of pages) for (const event of page.data) yield eventRow(event);
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
