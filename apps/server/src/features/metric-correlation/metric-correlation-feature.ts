/**
 * Business-metric correlation (issue 20): metric sources kept in Dexter's database (CSV uploads and
 * Prometheus-compatible queries polled on their interval through the SSRF guard, tokens sealed by
 * the secrets service) and the lagged cross-correlation of an issue's or a search's error rate with
 * them, read through the upstream pipeline in both modes.
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { createCorrelationService } from './correlation-service';
import { metricCorrelationRoutes } from './metric-correlation-routes';
import { createMetricSourcesService } from './metric-sources-service';
import { createMetricSourcesStore } from './metric-sources-store';

/** How often the poller looks for sources whose interval has passed. */
const POLL_TICK_MS = 15_000;

export interface MetricCorrelationHandle {
  /** Polls every due source now (or joins the round in progress); how many were polled. */
  pollDue(): Promise<number>;
}

export const metricCorrelationFeature = defineFeature<MetricCorrelationHandle>({
  name: 'metric-correlation',
  create({ upstream, config, db, leases, security, now, log }) {
    const sentry = upstream.client;
    const store = createMetricSourcesStore(db, now);
    const sources = createMetricSourcesService({
      store,
      guard: security.guard,
      secrets: security.secrets,
      now,
    });
    const correlation = createCorrelationService({
      sentry,
      search: createIssueSearch({ sentry, dialect: dialectFor(config.mode), now }),
      store,
      now,
    });

    let round: Promise<number> | null = null;
    let timer: NodeJS.Timeout | null = null;
    const pollDue = () => {
      round ??= sources.pollDue().finally(() => {
        round = null;
      });
      return round;
    };

    return {
      api: async (v1) => {
        await v1.register(metricCorrelationRoutes, { store, sources, correlation });
      },
      operations: [
        'metricSources.list',
        'metricSources.create',
        'metricSources.delete',
        'metricSources.poll',
        'metricSources.correlation',
        'metricSources.correlatedIssues',
      ],
      start() {
        timer = setInterval(() => {
          // Of several instances, the lease holder polls (another takes over when it dies), so a
          // source is not fetched once per instance.
          leases
            .hold('metric-sources-poll', POLL_TICK_MS * 3)
            .then((held) => (held ? pollDue() : 0))
            .catch((error: unknown) => log.warn({ err: error }, 'metric sources: a poll failed'));
        }, POLL_TICK_MS);
        timer.unref();
      },
      async stop() {
        if (timer) clearInterval(timer);
        await round?.catch(() => undefined);
      },
      handle: { pollDue },
    };
  },
});
