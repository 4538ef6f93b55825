/**
 * Resolves a bulk selection into its exact issues before anything changes: every issue of the
 * whole search (paged to the end, no bound), or each named id looked up (100 per Sentry call
 * through the batcher) for its project. Runs as background work in the rate budget.
 *
 * Why first, and completely: changing issues while paging a search that they match (resolving
 * `is:unresolved`) would shift the pages under the walk and skip issues.
 */
import type { BulkSelection } from '@dexter/contracts';
import type { CallOptions } from '@dexter/sentry-client';
import type { IssueSearch } from '../../issue-search/issue-search-service';
import type { IssueBatcher } from '../../upstream/issue-batcher';
import type { StoredSelection } from './bulk-db';

export type Resolved =
  | { found: true; issueId: string; projectId: string; projectSlug: string }
  | { found: false; issueId: string };

/** Ids looked up at once: the batcher turns them into calls of 100. */
const LOOKUP_WINDOW = 1000;

export interface SelectionDeps {
  search: Pick<IssueSearch, 'all' | 'check'>;
  batcher: Pick<IssueBatcher, 'load'>;
  /** Drops cached issue reads, so the walk sees the issues as they are now. */
  freshen: () => Promise<void>;
}

export function toStoredSelection(selection: BulkSelection): StoredSelection {
  return 'ids' in selection
    ? { kind: 'ids', ids: [...new Set(selection.ids)] }
    : {
        kind: 'query',
        query: selection.query,
        project: selection.project ?? [],
        environment: selection.environment ?? [],
      };
}

export async function* resolveSelection(
  deps: SelectionDeps,
  org: string,
  selection: StoredSelection,
  options: CallOptions,
): AsyncGenerator<Resolved> {
  await deps.freshen();
  if (selection.kind === 'query') {
    const params = {
      query: selection.query,
      sort: 'date' as const,
      projects: selection.project,
      environments: selection.environment,
      groupStatsPeriod: '' as const,
    };
    const seen = new Set<string>();
    for await (const issue of deps.search.all(org, params, options)) {
      if (seen.has(issue.id)) continue;
      seen.add(issue.id);
      yield {
        found: true,
        issueId: issue.id,
        projectId: issue.project?.id ?? '',
        projectSlug: issue.project?.slug ?? '',
      };
    }
    return;
  }
  for (let i = 0; i < selection.ids.length; i += LOOKUP_WINDOW) {
    const ids = selection.ids.slice(i, i + LOOKUP_WINDOW);
    const issues = await Promise.all(ids.map((id) => deps.batcher.load(org, id, options)));
    for (const [index, issue] of issues.entries()) {
      const issueId = ids[index]!;
      yield issue?.project?.id
        ? { found: true, issueId, projectId: issue.project.id, projectSlug: issue.project.slug ?? '' }
        : { found: false, issueId };
    }
  }
}
