/**
 * What the bulk routes do: preview a selection (its exact size, before anything starts), create
 * a job (validated, stored, then run in the background), read progress and per-issue results,
 * and retry the failed issues of a finished job.
 */
import type {
  BulkJob,
  BulkJobCreate,
  BulkJobItemList,
  BulkJobItemsQuery,
  BulkPreview,
  BulkSelection,
} from '@dexter/contracts';
import { DexterError } from '../../errors/error-codes';
import type { BulkJobsStore } from './bulk-jobs-store';
import type { BulkRunner } from './bulk-runner';
import { resolveSelection, type SelectionDeps, toStoredSelection } from './bulk-selection';

export interface BulkJobsServiceDeps extends SelectionDeps {
  store: BulkJobsStore;
  runner: Pick<BulkRunner, 'launch' | 'isRunning'>;
}

const notFound = (jobId: number) => new DexterError('DEXTER_ERR_NOT_FOUND', `Bulk job ${jobId} not found`);

export function createBulkJobsService(deps: BulkJobsServiceDeps) {
  const { store, runner } = deps;

  function checkQuery(selection: BulkSelection) {
    if ('query' in selection) {
      deps.search.check({
        query: selection.query,
        sort: 'date',
        projects: selection.project ?? [],
        environments: selection.environment ?? [],
      });
    }
  }

  async function job(org: string, jobId: number): Promise<BulkJob> {
    const found = await store.get(org, jobId);
    if (!found) throw notFound(jobId);
    return found;
  }

  return {
    async preview(org: string, selection: BulkSelection, signal?: AbortSignal): Promise<BulkPreview> {
      checkQuery(selection);
      const projects = new Map<string, { id: string; slug: string; count: number }>();
      let total = 0;
      let notFound = 0;
      const options = { priority: 'background' as const, signal };
      for await (const item of resolveSelection(deps, org, toStoredSelection(selection), options)) {
        if (!item.found) {
          notFound += 1;
          continue;
        }
        total += 1;
        const project = projects.get(item.projectId) ?? {
          id: item.projectId,
          slug: item.projectSlug,
          count: 0,
        };
        project.count += 1;
        projects.set(item.projectId, project);
      }
      return { total, notFound, projects: [...projects.values()].sort((a, b) => b.count - a.count) };
    },

    async create(
      org: string,
      input: BulkJobCreate,
      user: { id: number; name: string; kind: 'session' | 'token' } | null,
    ): Promise<BulkJob> {
      const { action, ...selection } = input;
      checkQuery(selection);
      const jobId = await store.create({ org, action, selection: toStoredSelection(selection), user });
      runner.launch(jobId);
      return job(org, jobId);
    },

    get: job,
    list: (org: string) => store.list(org, 50),

    async items(org: string, jobId: number, query: BulkJobItemsQuery): Promise<BulkJobItemList> {
      await job(org, jobId);
      return store.items(jobId, query);
    },

    async retryFailed(org: string, jobId: number): Promise<BulkJob> {
      const current = await job(org, jobId);
      if (current.state !== 'completed' || runner.isRunning(jobId)) {
        throw new DexterError(
          'DEXTER_ERR_CONFLICT',
          `Bulk job ${jobId} is ${current.state}: retry once it has completed`,
        );
      }
      if ((await store.resetFailed(jobId)) > 0) {
        await store.setState(jobId, 'running');
        runner.launch(jobId);
      }
      return job(org, jobId);
    },
  };
}

export type BulkJobsService = ReturnType<typeof createBulkJobsService>;
