/**
 * The organization's deploys finished in a time range, for the timeline's markers and the
 * after-deploy regression check. Sentry has no organization-wide deploy list, so this reads the
 * newest releases (one page) and the deploys of those whose last deploy can fall in the range:
 * deploys are listed newest first, so a release whose last deploy finished before the range has
 * none in it. Every call goes through the upstream pipeline (cached under the `releases` tag).
 *
 * Bounded: at most `MAX_RELEASES_SCANNED` deploy lists per call, `CONCURRENCY` at a time; beyond
 * that the answer says `truncated`.
 */
import type { TimelineDeploy } from '@dexter/contracts';
import type { CallOptions, Release, SentryClient } from '@dexter/sentry-client';

export const MAX_RELEASES_SCANNED = 40;
const CONCURRENCY = 6;

export interface DeployRange {
  start: number;
  end: number;
  environments?: readonly string[];
  projectIds?: readonly string[];
}

export interface DeploysInRange {
  deploys: TimelineDeploy[];
  truncated: boolean;
  /** The releases read, newest first (callers reuse them: previous release, project slugs). */
  releases: Release[];
}

export const deployKey = (release: string, id: string | null, finished: string) =>
  `${release}#${id ?? finished}`;

/** Runs `work` over `items`, `limit` at a time, keeping the order of `items` in the answer. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

export async function deploysInRange(
  sentry: Pick<SentryClient, 'releases'>,
  org: string,
  range: DeployRange,
  options: CallOptions = {},
): Promise<DeploysInRange> {
  const list = await sentry.releases.list(
    org,
    { perPage: 100, ...(range.projectIds?.length ? { project: range.projectIds } : {}) },
    options,
  );
  const candidates = list.data.filter((release) => {
    if ((release.deployCount ?? 0) === 0 && !release.lastDeploy) return false;
    const last = time(release.lastDeploy?.dateFinished);
    return Number.isNaN(last) || last >= range.start;
  });
  const scanned = candidates.slice(0, MAX_RELEASES_SCANNED);
  const lists = await mapLimited(scanned, CONCURRENCY, (release) =>
    sentry.releases.deploys(org, release.version, {}, options),
  );
  const wanted = range.environments?.length ? new Set(range.environments) : null;
  const deploys: TimelineDeploy[] = [];
  scanned.forEach((release, index) => {
    const projects = (release.projects ?? []).flatMap((p) => (p.slug ? [p.slug] : []));
    for (const deploy of lists[index]!.data) {
      const finished = time(deploy.dateFinished);
      if (Number.isNaN(finished) || finished < range.start || finished > range.end) continue;
      if (wanted && !wanted.has(deploy.environment ?? '')) continue;
      const dateFinished = new Date(finished).toISOString();
      deploys.push({
        key: deployKey(release.version, deploy.id ?? null, dateFinished),
        id: deploy.id ?? null,
        release: release.version,
        environment: deploy.environment ?? null,
        name: deploy.name || null,
        url: deploy.url || null,
        dateStarted: deploy.dateStarted ?? null,
        dateFinished,
        projects,
      });
    }
  });
  deploys.sort((a, b) => a.dateFinished.localeCompare(b.dateFinished));
  return {
    deploys,
    truncated: candidates.length > scanned.length || list.page.next !== null,
    releases: list.data,
  };
}
