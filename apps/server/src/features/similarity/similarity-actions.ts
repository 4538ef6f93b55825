/**
 * One action over a cluster's (or a pair's) issues, through the Sentry client: resolve them all, or
 * merge them. Sentry merges only within one project, so both actions run per project and report per
 * project; a project holding a single issue of the set has nothing to merge and is skipped, and an
 * issue that no longer exists is reported, never guessed at.
 *
 * The index is updated at once (resolved issues leave the clusters view, merged children leave the
 * index) so the next answer already reflects the action; a background resync then reads the truth.
 */
import type { Issue, SimilarityActionInput, SimilarityActionResult } from '@dexter/contracts';
import { SentryUpstreamError } from '@dexter/sentry-client';
import type { IssueSource } from './issue-source';
import type { OrgIndex } from './org-index';

type ProjectResult = SimilarityActionResult['results'][number];

export async function runClusterAction(
  source: Pick<IssueSource, 'issues' | 'update'>,
  index: Pick<OrgIndex, 'refresh' | 'remove'>,
  org: string,
  { action, issueIds }: SimilarityActionInput,
): Promise<SimilarityActionResult> {
  const ids = [...new Set(issueIds)];
  const found = await source.issues(org, ids, 'interactive');
  const results: ProjectResult[] = [];
  const missing = ids.filter((id) => !found.get(id));
  if (missing.length > 0) {
    for (const id of missing) index.remove(id);
    results.push({
      project: '',
      issueIds: missing,
      outcome: 'skipped',
      message: 'No longer exists (deleted, or merged into another issue)',
      parentId: null,
    });
  }

  const byProject = new Map<string, Issue[]>();
  for (const issue of found.values()) {
    if (issue) byProject.set(issue.project.id, [...(byProject.get(issue.project.id) ?? []), issue]);
  }
  for (const [projectId, issues] of byProject) {
    const slug = issues[0]?.project.slug ?? projectId;
    const projectIds = issues.map((issue) => issue.id);
    const base = { project: slug, issueIds: projectIds };
    if (action === 'merge' && issues.length < 2) {
      results.push({
        ...base,
        outcome: 'skipped',
        message: `The only issue of ${slug} here: Sentry merges issues within one project`,
        parentId: null,
      });
      continue;
    }
    try {
      const change = action === 'merge' ? ({ merge: true } as const) : ({ status: 'resolved' } as const);
      const { parentId } = await source.update(org, projectId, projectIds, change);
      if (action === 'resolve') for (const issue of issues) index.refresh({ ...issue, status: 'resolved' });
      if (action === 'merge' && parentId) for (const id of projectIds) if (id !== parentId) index.remove(id);
      results.push({ ...base, outcome: 'done', message: null, parentId });
    } catch (error) {
      results.push({
        ...base,
        outcome: 'failed',
        // Sentry's answer helps the user; anything else is Dexter's own fault and stays internal.
        message: error instanceof SentryUpstreamError ? error.message : 'Unexpected error in Dexter',
        parentId: null,
      });
    }
  }
  return { action, results };
}
