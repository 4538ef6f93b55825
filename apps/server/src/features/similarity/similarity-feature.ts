/**
 * Similar issues and clusters across projects: the Sentry-facing source, the indexes with their
 * snapshot file (`<DEXTER_DATA_DIR>/similarity-index.json`), the verdicts, and the routes. Kept
 * current in one of two ways:
 *  - standalone: the store's organization is indexed at start, then kept current from the change
 *    feed (new and regressed issues are indexed from the stack the change carries, or re-read
 *    when it has none; counts refresh the issue's data). The store's ingest is cheap to follow;
 *  - companion: an organization is indexed when first used (no Sentry calls for a feature nobody
 *    opens), then polled in the background for its most recently seen issues every `pollMs`.
 *    Following every `error` webhook would spend Sentry's rate budget on re-reads.
 */
import { join } from 'node:path';
import { defineFeature } from '../../platform/feature-module';
import { cacheTags } from '../../upstream/cache-tags';
import { createFeedbackStore } from './feedback-store';
import { createSnapshotFile } from './index-snapshot-file';
import { createSentryIssueSource } from './issue-source';
import { createSimilarityIndexer } from './similarity-indexer';
import { createIndexMaintenance, type IndexMaintenance } from './similarity-maintenance';
import { similarityRoutes } from './similarity-routes';
import { createSimilarityService } from './similarity-service';

export const SNAPSHOT_FILE_NAME = 'similarity-index.json';
export const COMPANION_POLL_MS = 5 * 60_000;

export interface SimilarityHandle {
  maintenance: IndexMaintenance;
}

export const similarityFeature = defineFeature<SimilarityHandle>({
  name: 'similarity',
  consumes: ['issue.created', 'issue.regressed', 'issue.counts'],
  create({ config, upstream, db, now, log, feed, defaultOrg }) {
    const source = createSentryIssueSource({ sentry: upstream.client, batcher: upstream.issueBatcher });
    const maintenance = createIndexMaintenance({
      indexer: createSimilarityIndexer({ source, log }),
      snapshot: createSnapshotFile({ path: join(config.dataDir, SNAPSHOT_FILE_NAME), now, log }),
      log,
      now,
      beforeRebuild: () => upstream.pipeline.cacheStore.bumpTags([cacheTags.issues]),
    });
    const service = createSimilarityService({
      source,
      feedback: createFeedbackStore({ db, now }),
      maintenance,
    });
    let unsubscribe: (() => void) | null = null;

    return {
      api: async (v1) => {
        await v1.register(similarityRoutes, { similarity: service });
      },
      operations: [
        'similarity.similar',
        'similarity.clusters',
        'similarity.feedback',
        'similarity.act',
        'similarity.rebuild',
      ],
      async start() {
        if (config.mode === 'companion') {
          await maintenance.start([]);
          maintenance.startPolling(COMPANION_POLL_MS);
          return;
        }
        const org = defaultOrg();
        await maintenance.start(org ? [org] : []);
        unsubscribe = feed.subscribe((change) => {
          if (change.type === 'issue.counts') {
            const refreshed = change.counts.map((entry) => ({ issueId: entry.issueId, stackChanged: false }));
            maintenance.notifyWritten(change.org, refreshed);
          } else if (change.type === 'issue.created' || change.type === 'issue.regressed') {
            const stack = change.stack ?? null;
            maintenance.notifyWritten(change.org, [{ issueId: change.issueId, stackChanged: true, stack }]);
          }
        });
      },
      async stop() {
        unsubscribe?.();
        await maintenance.close();
      },
      handle: { maintenance },
    };
  },
});
