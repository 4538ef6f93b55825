/**
 * The after-deploy regression check, through the upstream pipeline so it works on Sentry and on
 * the built-in store alike. For each deploy whose after-window has closed and that has no
 * evaluation yet: count error events (per minute, in the deploy's environment and its release's
 * projects) and new issues in the window before and after, test each pair (`judgeRates`), record
 * the evaluation, and publish `deploy.flagged` when it is flagged and this call's record landed.
 *
 * Upstream reads are background priority: a person waiting goes first.
 */
import type { DeployCheckResult, DeployNotice, RateComparison, TimelineDeploy } from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';
import type { IssueSearch } from '../../issue-search/issue-search-service';
import { deploysInRange } from '../../release-data/deploys-in-range';
import { countWithin } from '../../release-data/timeseries-buckets';
import type { DeployNoticesStore } from './deploy-notices-store';
import { bucketMsOf, type DeployWindows, windowsAround } from './deploy-windows';
import { judgeRates, type RateVerdict, type RegressionThresholds } from './poisson-rate-test';

/** Asked bucket: a minute; upstreams that count coarser answer with their own (see deploy-windows). */
const ASKED_INTERVAL_SECONDS = 60;
/** Margin around the windows in the timeseries read, enough for hourly buckets. */
const MARGIN_MS = 2 * 3_600_000;
const MAX_NEW_ISSUES_COUNTED = 100;
const background = { priority: 'background' } as const;

export interface DeployHealthDeps {
  sentry: Pick<SentryClient, 'activity' | 'releases'>;
  search: Pick<IssueSearch, 'page'>;
  notices: DeployNoticesStore;
  thresholds: RegressionThresholds;
  windowMs: number;
  lookbackMs: number;
  now: () => number;
  /** Told once per flagged deploy (the change feed). */
  onFlagged(org: string, notice: DeployNotice): Promise<void> | void;
}

export interface CheckOutcome extends DeployCheckResult {
  /** When the earliest pending deploy's window closes, ms; null with none pending. */
  nextDueAt: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

const toComparison = (verdict: RateVerdict): RateComparison => ({
  ...verdict,
  ratio: verdict.ratio !== null && Number.isFinite(verdict.ratio) ? verdict.ratio : null,
});

const formatP = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toPrecision(2));

function summaryOf(errors: RateVerdict, newIssues: RateVerdict): string {
  const parts: string[] = [];
  const rate = (n: number) => n.toFixed(n < 1 ? 2 : 1);
  if (errors.flagged) {
    const times = errors.ratio === null ? 'from none' : `${errors.ratio.toFixed(1)}×`;
    parts.push(
      `error rate ${times} (${rate(errors.rateBefore)} → ${rate(errors.rateAfter)}/min, p = ${formatP(errors.pValue)})`,
    );
  }
  if (newIssues.flagged) {
    parts.push(
      `${newIssues.after} new issues after vs ${newIssues.before} before (p = ${formatP(newIssues.pValue)})`,
    );
  }
  if (parts.length === 0) {
    return `No significant rise: ${errors.before} → ${errors.after} errors, ${newIssues.before} → ${newIssues.after} new issues`;
  }
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function createDeployHealthCheck(deps: DeployHealthDeps) {
  const { sentry, search, notices, thresholds, windowMs, now } = deps;

  async function newIssuesIn(
    org: string,
    window: { start: number; end: number },
    deploy: TimelineDeploy,
    projectIds: string[],
  ): Promise<number> {
    const page = await search.page(
      org,
      {
        query: `firstSeen:>=${iso(window.start)} firstSeen:<${iso(window.end)}`,
        sort: 'new',
        projects: projectIds,
        environments: deploy.environment ? [deploy.environment] : [],
      },
      { limit: MAX_NEW_ISSUES_COUNTED },
      background,
    );
    return page.hits ?? page.issues.length;
  }

  /** The evaluation, or the time it becomes due when the upstream's buckets close later. */
  async function evaluate(
    org: string,
    deploy: TimelineDeploy,
    projectIds: string[],
  ): Promise<{ notice: DeployNotice } | { dueAt: number }> {
    const at = Date.parse(deploy.dateFinished);
    const answer = await sentry.activity.eventsTimeseries(
      org,
      {
        start: iso(at - windowMs - MARGIN_MS),
        end: iso(Math.min(now(), at + windowMs + MARGIN_MS)),
        interval: ASKED_INTERVAL_SECONDS,
        environment: deploy.environment ? [deploy.environment] : [],
        project: projectIds,
      },
      background,
    );
    const windows: DeployWindows = windowsAround(at, windowMs, bucketMsOf(answer, ASKED_INTERVAL_SECONDS));
    if (windows.after.end > now()) return { dueAt: windows.after.end };
    const minutes = windows.exposureMs / 60_000;
    const [newBefore, newAfter] = await Promise.all([
      newIssuesIn(org, windows.before, deploy, projectIds),
      newIssuesIn(org, windows.after, deploy, projectIds),
    ]);
    const errors = judgeRates(
      {
        before: countWithin(answer, windows.before.start, windows.before.end),
        after: countWithin(answer, windows.after.start, windows.after.end),
        beforeExposure: minutes,
        afterExposure: minutes,
      },
      thresholds,
    );
    const newIssues = judgeRates(
      { before: newBefore, after: newAfter, beforeExposure: minutes, afterExposure: minutes },
      thresholds,
    );
    return {
      notice: {
        deployKey: deploy.key,
        release: deploy.release,
        environment: deploy.environment,
        projects: deploy.projects,
        dateFinished: deploy.dateFinished,
        windowMinutes: minutes,
        errors: toComparison(errors),
        newIssues: toComparison(newIssues),
        flagged: errors.flagged || newIssues.flagged,
        summary: summaryOf(errors, newIssues),
        evaluatedAt: iso(now()),
      },
    };
  }

  return {
    /**
     * Evaluates every deploy of `org` in the lookback whose window has closed and that is not
     * flagged yet (an unflagged one again, with the events that arrived since).
     */
    async check(org: string): Promise<CheckOutcome> {
      const end = now();
      const found = await deploysInRange(sentry, org, { start: end - deps.lookbackMs, end }, background);
      const flagged = await notices.flaggedAmong(
        org,
        found.deploys.map((deploy) => deploy.key),
      );
      const outcome: CheckOutcome = { evaluated: 0, flagged: 0, pending: 0, nextDueAt: null };
      const pending = (dueAt: number) => {
        outcome.pending++;
        outcome.nextDueAt = Math.min(outcome.nextDueAt ?? dueAt, dueAt);
      };
      for (const deploy of found.deploys) {
        if (flagged.has(deploy.key)) continue;
        const dueAt = Date.parse(deploy.dateFinished) + windowMs;
        if (dueAt > end) {
          pending(dueAt);
          continue;
        }
        const release = found.releases.find((candidate) => candidate.version === deploy.release);
        const projectIds = (release?.projects ?? []).flatMap((p) => (p.id ? [p.id] : []));
        const result = await evaluate(org, deploy, projectIds);
        if ('dueAt' in result) {
          pending(result.dueAt);
          continue;
        }
        outcome.evaluated++;
        if (!(await notices.record(org, result.notice))) continue;
        if (result.notice.flagged) {
          outcome.flagged++;
          await deps.onFlagged(org, result.notice);
        }
      }
      return outcome;
    },
  };
}

export type DeployHealthCheck = ReturnType<typeof createDeployHealthCheck>;
