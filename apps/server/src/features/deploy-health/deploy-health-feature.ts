/**
 * Regression detection after deploys: on a schedule (and at the moment a seen deploy's window
 * closes), evaluate each deploy once, keep the evaluation in Dexter's database, and tell the
 * change feed (`deploy.flagged`, which the live feature forwards to browsers) about the ones that
 * look bad. Runs of one organization never overlap within an instance; across instances the
 * database's primary key lets exactly one of them publish.
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { type CheckOutcome, createDeployHealthCheck } from './deploy-health-check';
import { deployHealthRoutes } from './deploy-health-routes';
import { createDeployNoticesStore } from './deploy-notices-store';

const FIRST_RUN_MS = 30_000;

export interface DeployHealthHandle {
  /** Runs the check for `org` now (or joins the run in progress). */
  check(org: string): Promise<CheckOutcome>;
}

export const deployHealthFeature = defineFeature<DeployHealthHandle>({
  name: 'deploy-health',
  publishes: ['deploy.flagged'],
  create({ config, upstream, db, leases, feed, now, log, defaultOrg }) {
    const settings = config.deployHealth;
    const sentry = upstream.client;
    const notices = createDeployNoticesStore(db);
    const checker = createDeployHealthCheck({
      sentry,
      search: createIssueSearch({ sentry, dialect: dialectFor(config.mode), now }),
      notices,
      thresholds: { alpha: settings.alpha, minRatio: settings.minRatio, minAfter: settings.minAfter },
      windowMs: settings.windowMs,
      lookbackMs: settings.lookbackMs,
      now,
      onFlagged: (org, notice) =>
        feed.publish({
          type: 'deploy.flagged',
          org,
          deployKey: notice.deployKey,
          release: notice.release,
          environment: notice.environment,
          projects: notice.projects,
          dateFinished: notice.dateFinished,
          rateBefore: notice.errors.rateBefore,
          rateAfter: notice.errors.rateAfter,
          pValue: Math.min(notice.errors.pValue, notice.newIssues.pValue),
          summary: notice.summary,
        }),
    });

    const running = new Map<string, Promise<CheckOutcome>>();
    let stopped = false;
    let interval: NodeJS.Timeout | null = null;
    let dueTimer: NodeJS.Timeout | null = null;

    function check(org: string): Promise<CheckOutcome> {
      const known = running.get(org);
      if (known) return known;
      const run = checker.check(org).finally(() => running.delete(org));
      running.set(org, run);
      return run;
    }

    /** The scheduled run; a pending deploy's window closing sooner than the next tick gets its own timer. */
    function scheduledRun(): void {
      const org = defaultOrg();
      if (stopped || !org) return;
      // Of several instances, the lease holder runs the schedule (the database already lets only
      // one publish a notice; this spares the others' Sentry reads).
      leases
        .hold('deploy-health', settings.checkMs * 3)
        .then((held) => (held ? check(org) : null))
        .then((outcome) => {
          if (!outcome || stopped || outcome.nextDueAt === null) return;
          const wait = Math.max(1_000, outcome.nextDueAt - now() + 1_000);
          if (wait >= settings.checkMs) return;
          if (dueTimer) clearTimeout(dueTimer);
          dueTimer = setTimeout(scheduledRun, wait);
          dueTimer.unref();
        })
        .catch((error: unknown) => log.warn({ err: error }, 'deploy health: the check failed'));
    }

    return {
      api: async (v1) => {
        await v1.register(deployHealthRoutes, { notices, check });
      },
      operations: ['deployHealth.notices', 'deployHealth.check'],
      start() {
        if (settings.checkMs === 0) return;
        interval = setInterval(scheduledRun, settings.checkMs);
        interval.unref();
        // Not at once: right after a start the store may still be taking the deploys of a
        // pipeline (or the demo), and the release list read now would be cached without them.
        dueTimer = setTimeout(scheduledRun, Math.min(settings.checkMs, FIRST_RUN_MS));
        dueTimer.unref();
      },
      async stop() {
        stopped = true;
        if (interval) clearInterval(interval);
        if (dueTimer) clearTimeout(dueTimer);
        await Promise.allSettled(running.values());
      },
      handle: { check },
    };
  },
});
