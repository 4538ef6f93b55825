/**
 * What Dexter needs to evaluate the residual of a search on one issue: the issue as the evaluator
 * reads it (`IssueForSearch`), and, only when the plan says so, the frames of its latest event
 * (`frame:` terms) and its tag values. Fetches go through the upstream pipeline (cache,
 * singleflight, rate budget); the latest event is cached there per issue, and a new event changes
 * `lastSeen`, which Dexter's list reads again anyway.
 *
 * Within one request an issue's evidence is loaded at most once (`createEvidenceLoader`), and each
 * issue whose evidence needs a fetch (latest event, tags, or both) counts once against the
 * request's budget (`SEARCH_LIMITS.maxFrameFetches`).
 */
import {
  type CallOptions,
  getExceptionEntry,
  type SentryClient,
  type Issue as SentryIssue,
  SentryNotFoundError,
} from '@dexter/sentry-client';
import { categoryOfIssue } from '../sentry-mapping/issue-category';
import type { FrameForSearch, IssueForSearch } from './search-issue';

export function toIssueForSearch(issue: SentryIssue, tags?: Record<string, string[]>): IssueForSearch {
  const count = Number(issue.count ?? 0);
  return {
    title: issue.title ?? '',
    culprit: issue.culprit ?? null,
    message: issue.metadata?.value ?? null,
    shortId: issue.shortId ?? null,
    level: issue.level ?? null,
    status: issue.status ?? null,
    substatus: issue.substatus ?? null,
    priority: issue.priority ?? null,
    issueCategory: issue.issueCategory ?? null,
    issueType: issue.issueType ?? null,
    count: Number.isFinite(count) ? count : 0,
    userCount: issue.userCount ?? null,
    firstSeen: issue.firstSeen ?? null,
    lastSeen: issue.lastSeen ?? null,
    assignedTo: issue.assignedTo
      ? {
          type: issue.assignedTo.type ?? null,
          id: issue.assignedTo.id ?? null,
          name: issue.assignedTo.name ?? null,
          email: issue.assignedTo.email ?? null,
        }
      : null,
    isBookmarked: issue.isBookmarked ?? null,
    isSubscribed: issue.isSubscribed ?? null,
    isUnhandled: issue.isUnhandled ?? null,
    project: issue.project?.slug ?? null,
    firstRelease: issue.firstRelease?.version ?? null,
    metadata: { type: issue.metadata?.type ?? null, value: issue.metadata?.value ?? null },
    category: categoryOfIssue(issue)?.id ?? null,
    ...(tags ? { tags } : {}),
  };
}

export interface Evidence {
  issue: IssueForSearch;
  frames?: FrameForSearch[];
}

export interface EvidenceNeeds {
  frames: boolean;
  tags: boolean;
}

export interface EvidenceBudget {
  /** Issues whose evidence may still be fetched in this request (Infinity for exports and bulk jobs). */
  frameFetches: number;
}

type Sentry = Pick<SentryClient, 'issues' | 'events'>;

async function framesOf(sentry: Sentry, org: string, id: string, options: CallOptions) {
  try {
    const event = await sentry.events.getForIssue(org, id, 'latest', options);
    return (getExceptionEntry(event)?.values ?? []).flatMap((value) =>
      (value.stacktrace?.frames ?? []).map((frame) => ({
        module: frame.module ?? null,
        function: frame.function ?? null,
        filename: frame.filename ?? frame.absPath ?? null,
      })),
    );
  } catch (error) {
    // An issue whose events are gone has no frames: `frame:` terms simply do not match it.
    if (error instanceof SentryNotFoundError) return [];
    throw error;
  }
}

async function tagsOf(sentry: Sentry, org: string, id: string, options: CallOptions) {
  const tags = await sentry.issues.tags(org, id, { limit: 100 }, options);
  return Object.fromEntries(
    tags.map((tag) => [tag.key, (tag.topValues ?? []).flatMap((v) => (v.value === null ? [] : [v.value]))]),
  );
}

/**
 * Loads evidence per issue id, once per request. `load` resolves null when the budget is spent
 * before this issue's evidence could be fetched (the caller stops and reports truncation).
 */
export function createEvidenceLoader(
  sentry: Sentry,
  org: string,
  needs: EvidenceNeeds,
  budget: EvidenceBudget,
  options: CallOptions,
) {
  const loaded = new Map<string, Promise<Evidence | null>>();
  return {
    load(issue: SentryIssue): Promise<Evidence | null> {
      const known = loaded.get(issue.id);
      if (known) return known;
      let pending: Promise<Evidence | null>;
      if (!needs.frames && !needs.tags) pending = Promise.resolve({ issue: toIssueForSearch(issue) });
      else if (budget.frameFetches <= 0) return Promise.resolve(null);
      else {
        budget.frameFetches -= 1;
        pending = Promise.all([
          needs.frames ? framesOf(sentry, org, issue.id, options) : undefined,
          needs.tags ? tagsOf(sentry, org, issue.id, options) : undefined,
        ]).then(([frames, tags]) => ({ issue: toIssueForSearch(issue, tags), frames }));
      }
      // Prefetched evidence may never be awaited; its failure must not become an unhandled rejection.
      pending.catch(() => undefined);
      loaded.set(issue.id, pending);
      return pending;
    },
  };
}

export type EvidenceLoader = ReturnType<typeof createEvidenceLoader>;
