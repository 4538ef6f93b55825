/**
 * The issue stream, detail, and the changes to one issue or a group of issues (merge). The stream
 * runs Dexter's search (`issue-search-service.ts`); detail fetches the issue and its latest event
 * in parallel, and an issue without events (or whose latest event is gone) still shows.
 */
import type {
  Issue,
  IssueDetail,
  IssueEvent,
  IssueList,
  IssueListQuery,
  IssueMergeResult,
  IssueUpdate,
} from '@dexter/contracts';
import { type SentryClient, type Issue as SentryIssue, SentryNotFoundError } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import type { IssueSearch } from '../../issue-search/issue-search-service';
import { searchParamsOf } from '../../issue-search/search-params';
import { toEvent } from '../../sentry-mapping/event-mapper';
import { toSentryUpdate } from '../../sentry-mapping/issue-actions';
import { toIssue } from '../../sentry-mapping/issue-mapper';
import type { IssueBatcher } from '../../upstream/issue-batcher';

export interface IssuesServiceDeps {
  sentry: Pick<SentryClient, 'issues' | 'events'>;
  search: IssueSearch;
  batcher: Pick<IssueBatcher, 'load'>;
  /** Told of every change made to one issue, as read back after it (live updates). */
  onChanged?(org: string, issue: SentryIssue): void;
}

export function createIssuesService({ sentry, search, batcher, onChanged }: IssuesServiceDeps) {
  return {
    async list(org: string, params: IssueListQuery): Promise<IssueList> {
      const page = await search.page(org, searchParamsOf(params), {
        limit: params.limit ?? 50,
        cursor: params.cursor,
      });
      return { ...page, issues: page.issues.map((issue) => toIssue(issue)) };
    },

    async detail(org: string, issueId: string): Promise<IssueDetail> {
      const [issue, latest] = await Promise.all([
        sentry.issues.get(org, issueId),
        sentry.events.getForIssue(org, issueId, 'latest').catch((error: unknown) => {
          if (error instanceof SentryNotFoundError) return null;
          throw error;
        }),
      ]);
      return { issue: toIssue(issue), latestEvent: latest ? toEvent(latest) : null };
    },

    /** One event by id (or `latest` / `oldest`), with its neighbours for the page's older/newer links. */
    async event(org: string, issueId: string, eventId: string): Promise<IssueEvent> {
      const event = await sentry.events.getForIssue(org, issueId, eventId);
      return {
        event: toEvent(event),
        previousEventId: event.previousEventID ?? null,
        nextEventId: event.nextEventID ?? null,
      };
    },

    async update(org: string, issueId: string, update: IssueUpdate): Promise<Issue> {
      await sentry.issues.update(org, issueId, toSentryUpdate(update));
      // Sentry's PUT answers with a partial group on some versions: read back the whole issue. Its
      // activity, which the change just extended, is read alongside: the detail page refetches
      // both as soon as the answer arrives, and then finds them cached.
      const [issue] = await Promise.all([
        sentry.issues.get(org, issueId),
        sentry.issues.activities(org, issueId).catch(() => null),
      ]);
      onChanged?.(org, issue);
      return toIssue(issue);
    },

    /** Merges issues of one project; Sentry merges only within a project (grouping is per project). */
    async merge(org: string, ids: readonly string[]): Promise<IssueMergeResult> {
      const unique = [...new Set(ids)];
      if (unique.length < 2)
        throw new DexterError('DEXTER_ERR_VALIDATION', 'Merging needs two different issues');
      const issues = await Promise.all(unique.map((id) => batcher.load(org, id)));
      const missing = unique.filter((_, index) => !issues[index]);
      if (missing.length > 0) {
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No such issue: ${missing.join(', ')}`);
      }
      const projects = new Map(issues.map((issue) => [issue!.project?.id ?? '', issue!.project?.slug ?? '']));
      if (projects.size > 1) {
        throw new DexterError(
          'DEXTER_ERR_VALIDATION',
          `Cannot merge issues of different projects (${[...projects.values()].join(', ')}): ` +
            'Sentry groups events per project, so only issues of one project can be merged',
        );
      }
      const [projectId] = projects.keys();
      const result = await sentry.issues.bulkUpdate(
        org,
        { ids: unique, project: [projectId!] },
        { merge: true },
      );
      const parent = result?.merge?.parent;
      if (!parent)
        throw new DexterError('DEXTER_ERR_UPSTREAM_BAD_RESPONSE', 'Sentry did not say which issue was kept');
      return { parent, children: result.merge?.children ?? unique.filter((id) => id !== parent) };
    },
  };
}

export type IssuesService = ReturnType<typeof createIssuesService>;
