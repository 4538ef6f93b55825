/**
 * Bulk triage of any size: a selection or every issue matching a search, resolved into ids,
 * applied in chunks of 1,000 within the rate budget, resumed after a restart (once the upstream
 * is reachable: in standalone mode that is after the store's bootstrap), run by one instance at a
 * time and taken over by another when that one dies, and stopped with the chunk in flight allowed
 * to finish. Progress reaches the sockets that watch a job.
 */

import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { cacheTags } from '../../upstream/cache-tags';
import { createBulkJobsService } from './bulk-jobs-service';
import { createBulkJobsStore } from './bulk-jobs-store';
import { bulkRoutes } from './bulk-routes';
import { createBulkRunner } from './bulk-runner';
import { startJobProgressSource } from './job-progress-source';

export const bulkFeature = defineFeature({
  name: 'bulk',
  create({ config, upstream, db, leases, security, hub, now, log }) {
    const sentry = upstream.client;
    const batcher = upstream.issueBatcher;
    const search = createIssueSearch({
      sentry,
      dialect: dialectFor(config.mode),
    });
    // Walks that must see every issue drop the cached issue reads first.
    const freshen = () => upstream.pipeline.cacheStore.bumpTags([cacheTags.issues]);
    const store = createBulkJobsStore({ db, now });
    const runner = createBulkRunner({
      store,
      sentry,
      batcher,
      search,
      audit: security.audit,
      log,
      freshen,
      leases,
      leaseTtlMs: config.leases.ttlMs,
      upstreamTimeoutMs: config.sentry.timeoutMs,
      now,
    });
    let stopProgress: (() => void) | null = null;
    return {
      api: async (v1) => {
        await v1.register(bulkRoutes, {
          bulk: createBulkJobsService({ store, runner, search, batcher, freshen }),
        });
      },
      operations: [
        'bulkJobs.preview',
        'bulkJobs.create',
        'bulkJobs.list',
        'bulkJobs.get',
        'bulkJobs.items',
        'bulkJobs.retryFailed',
      ],
      async start() {
        stopProgress = startJobProgressSource({
          topics: hub.topics,
          getJob: (org, jobId) => store.get(org, jobId),
          deliver: hub.deliver,
          log,
        });
        await runner.resume();
      },
      async stop() {
        stopProgress?.();
        await runner.stop();
      },
    };
  },
});
