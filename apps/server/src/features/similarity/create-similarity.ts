/**
 * Composes the similarity feature once per server: the Sentry-facing source, the indexes with their
 * snapshot file (`<DEXTER_DATA_DIR>/similarity-index.json`), the verdicts table, the service the
 * routes call; and, once the upstream can be called, the sources of incremental updates:
 *  - standalone: the store's organization is indexed at start, then kept current by the store's
 *    `onWritten` (new issues and regressions are indexed from the exception chain the store hands
 *    over with them, or re-read their latest event when it has none; other events refresh the
 *    issue's data);
 *  - companion: an organization is indexed when first used (no Sentry calls for a feature nobody
 *    opens), then polled in the background for its most recently seen issues every `pollMs`.
 */
import { join } from 'node:path';
import type { Store } from '@dexter/store';
import type { DexterDb } from '../../db/database';
import type { SentryUpstream } from '../../upstream/sentry-upstream';
import { createFeedbackStore } from './feedback-store';
import { createSnapshotFile } from './index-snapshot-file';
import { createSentryIssueSource } from './issue-source';
import { createSimilarityIndexer } from './similarity-indexer';
import { createIndexMaintenance } from './similarity-maintenance';
import { createSimilarityService } from './similarity-service';

export const SNAPSHOT_FILE_NAME = 'similarity-index.json';
export const COMPANION_POLL_MS = 5 * 60_000;

export interface SimilarityDeps {
  upstream: Pick<SentryUpstream, 'client' | 'issueBatcher' | 'pipeline'>;
  db: DexterDb;
  dataDir: string;
  now: () => number;
  log: { warn(object: object, message: string): void };
}

export interface SimilarityStartOptions {
  /** The built-in store in standalone mode; null in companion mode. */
  store: Pick<Store, 'onWritten'> | null;
  defaultOrg: () => string | null;
  pollMs?: number;
}

export function createSimilarity({ upstream, db, dataDir, now, log }: SimilarityDeps) {
  const source = createSentryIssueSource({ sentry: upstream.client, batcher: upstream.issueBatcher });
  const maintenance = createIndexMaintenance({
    indexer: createSimilarityIndexer({ source, log }),
    snapshot: createSnapshotFile({ path: join(dataDir, SNAPSHOT_FILE_NAME), now, log }),
    log,
    now,
    beforeRebuild: () => upstream.pipeline.cacheStore.bumpTags(['issues']),
  });
  const service = createSimilarityService({
    source,
    feedback: createFeedbackStore({ db, now }),
    maintenance,
  });
  let unsubscribe: (() => void) | null = null;

  return {
    service,
    maintenance,
    async start({ store, defaultOrg, pollMs = COMPANION_POLL_MS }: SimilarityStartOptions): Promise<void> {
      const orgs = () => {
        const org = defaultOrg();
        return org ? [org] : [];
      };
      await maintenance.start(store ? orgs() : []);
      if (store) {
        unsubscribe = store.onWritten((written) => {
          for (const org of orgs()) {
            maintenance.notifyWritten(
              org,
              written.map((w) => ({
                issueId: String(w.issueId),
                stackChanged: w.isNewIssue || w.isRegression,
                stack: w.stack,
              })),
            );
          }
        });
      } else {
        maintenance.startPolling(pollMs);
      }
    },
    async close(): Promise<void> {
      unsubscribe?.();
      await maintenance.close();
    },
  };
}

export type Similarity = ReturnType<typeof createSimilarity>;
