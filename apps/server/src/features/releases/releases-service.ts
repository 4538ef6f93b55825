/**
 * Releases through the upstream pipeline, the same code for the built-in store and sentry.io. The
 * list asks for health (`health=1`) and reads the deploys of releases deployed more than once, so
 * each row shows the last deploy per environment; the detail is a facade: the release and its
 * deploys fetched in parallel; an unknown version is Dexter's own 404.
 */
import type { EnvironmentDeploy, ReleaseDetail, ReleaseList, ReleaseListQuery } from '@dexter/contracts';
import { type SentryClient, SentryNotFoundError } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import { mapLimited } from '../../release-data/deploys-in-range';
import { toDeploy, toRelease } from './releases-mapper';

export interface ReleasesServiceDeps {
  sentry: Pick<SentryClient, 'releases'>;
}

const DEFAULT_PAGE_SIZE = 25;
const DEPLOY_CONCURRENCY = 6;

/** The newest deploy of each environment, newest first. */
function lastPerEnvironment(deploys: ReturnType<typeof toDeploy>[]): EnvironmentDeploy[] {
  const newest = new Map<string, EnvironmentDeploy>();
  for (const deploy of deploys) {
    const key = deploy.environment ?? '';
    const known = newest.get(key);
    if (!known || (deploy.dateFinished ?? '') > (known.dateFinished ?? '')) {
      newest.set(key, {
        environment: deploy.environment,
        dateFinished: deploy.dateFinished,
        name: deploy.name,
      });
    }
  }
  return [...newest.values()].sort((a, b) => (b.dateFinished ?? '').localeCompare(a.dateFinished ?? ''));
}

export function createReleasesService({ sentry }: ReleasesServiceDeps) {
  return {
    async list(org: string, query: ReleaseListQuery): Promise<ReleaseList> {
      const result = await sentry.releases.list(org, {
        query: query.query,
        project: query.project === undefined ? undefined : [query.project].flat(),
        cursor: query.cursor,
        perPage: query.limit ?? DEFAULT_PAGE_SIZE,
        health: true,
        healthStatsPeriod: '24h',
      });
      const items = result.data.map(toRelease);
      const multi = result.data.filter((release) => (release.deployCount ?? 0) > 1);
      const lists = await mapLimited(multi, DEPLOY_CONCURRENCY, (release) =>
        sentry.releases.deploys(org, release.version),
      );
      multi.forEach((release, index) => {
        const item = items.find((candidate) => candidate.version === release.version);
        if (item) item.lastDeploys = lastPerEnvironment(lists[index]!.data.map(toDeploy));
      });
      return { items, nextCursor: result.page.next };
    },

    async get(org: string, version: string): Promise<ReleaseDetail> {
      try {
        const [release, deploys] = await Promise.all([
          sentry.releases.get(org, version),
          sentry.releases.deploys(org, version),
        ]);
        return { release: toRelease(release), deploys: deploys.data.map(toDeploy) };
      } catch (error) {
        if (error instanceof SentryNotFoundError) {
          throw new DexterError('DEXTER_ERR_NOT_FOUND', `release ${version} not found`);
        }
        throw error;
      }
    },
  };
}

export type ReleasesService = ReturnType<typeof createReleasesService>;
