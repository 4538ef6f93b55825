/**
 * Composes the triage features once: issue search and actions, comments and assignees, bulk jobs,
 * exports, saved views and search suggestions. `startDexter` creates it, `buildApp` registers its
 * routes inside `/api/v1`, `start` resumes the bulk jobs a restart interrupted (once the upstream
 * is reachable: in standalone mode that is after the store's bootstrap), and `stop` lets the
 * chunk in flight finish before the server closes.
 *
 * The search dialect follows the mode: the built-in store's in standalone mode, Sentry's in
 * companion mode, so Dexter evaluates whatever the upstream would misread.
 *
 * Freshness: issue lists are cached for 15 s. Walks that must see every issue (bulk selections,
 * previews, exports) drop the cached issue reads first (`freshen`); and in standalone mode a new
 * or regressed issue in the store drops them too, so a search right after ingest finds it (counts
 * of known issues may still trail by the cache's TTL, as designed).
 */
import { setMaxListeners } from 'node:events';
import type { Store } from '@dexter/store';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config/config';
import type { DexterDb } from '../../db/database';
import type { SentryUpstream } from '../../upstream/sentry-upstream';
import type { AuditService } from '../audit/audit-service';
import { createBulkJobsService } from '../bulk/bulk-jobs-service';
import { createBulkJobsStore } from '../bulk/bulk-jobs-store';
import { bulkRoutes } from '../bulk/bulk-routes';
import { createBulkRunner } from '../bulk/bulk-runner';
import { exportRoutes } from '../export/export-routes';
import { createExportService } from '../export/export-service';
import { searchRoutes } from '../search/search-routes';
import { createSearchSuggestionsService } from '../search/search-suggestions-service';
import { builtInStoreUpstream, sentryUpstream } from '../search/search-upstream';
import { viewsRoutes } from '../views/views-routes';
import { createViewsService } from '../views/views-service';
import { createIssueContextService } from './issue-context-service';
import { createIssueSearch } from './issue-search/issue-search-service';
import { issueTriageRoutes } from './issue-triage-routes';
import { createIssueTriageService } from './issue-triage-service';
import { issuesRoutes } from './issues-routes';
import { createIssuesService, type IssuesServiceDeps } from './issues-service';

export interface TriageDeps {
  mode: Config['mode'];
  upstream: Pick<SentryUpstream, 'client' | 'issueBatcher' | 'pipeline'>;
  db: DexterDb;
  audit: Pick<AuditService, 'record'>;
  /** Clock of stored timestamps (jobs, views); search dates use the real clock, like the events. */
  now: () => number;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
  /** Told of every change made to one issue through Dexter (live updates). */
  onIssueChanged?: IssuesServiceDeps['onChanged'];
}

export function createTriage({ mode, upstream, db, audit, now, log, onIssueChanged }: TriageDeps) {
  const sentry = upstream.client;
  const batcher = upstream.issueBatcher;
  const dialect = mode === 'standalone' ? builtInStoreUpstream : sentryUpstream;
  const search = createIssueSearch({ sentry, dialect });
  const freshen = (tags: string[] = ['issues']) => upstream.pipeline.cacheStore.bumpTags(tags);
  const bulkStore = createBulkJobsStore({ db, now });
  const runner = createBulkRunner({
    store: bulkStore,
    sentry,
    batcher,
    search,
    audit,
    log,
    freshen: () => freshen(),
  });
  let unsubscribe: (() => void) | null = null;
  const stopping = new AbortController();
  // Every call of every running export listens on it, each removing itself when done.
  setMaxListeners(0, stopping.signal);

  const plugin: FastifyPluginAsync = async (v1) => {
    await v1.register(issuesRoutes, {
      issues: createIssuesService({ sentry, search, batcher, onChanged: onIssueChanged }),
      context: createIssueContextService({ sentry }),
    });
    await v1.register(issueTriageRoutes, { triage: createIssueTriageService({ sentry }) });
    await v1.register(bulkRoutes, {
      bulk: createBulkJobsService({ store: bulkStore, runner, search, batcher, freshen: () => freshen() }),
    });
    await v1.register(exportRoutes, {
      exports: createExportService({ sentry, search, freshen, shutdown: stopping.signal }),
    });
    await v1.register(viewsRoutes, { views: createViewsService({ db, now }) });
    await v1.register(searchRoutes, { suggestions: createSearchSuggestionsService({ sentry, dialect }) });
  };

  return {
    plugin,
    async start({ store }: { store: Pick<Store, 'onWritten'> | null }): Promise<void> {
      unsubscribe = store
        ? store.onWritten((written) => {
            if (written.some((event) => event.isNewIssue || event.isRegression)) {
              freshen().catch((error: unknown) =>
                log.warn({ err: error }, 'issue cache could not be refreshed'),
              );
            }
          })
        : null;
      await runner.resume();
    },
    async stop(): Promise<void> {
      unsubscribe?.();
      stopping.abort(new Error('Dexter is stopping'));
      await runner.stop();
    },
  };
}

export type Triage = ReturnType<typeof createTriage>;
