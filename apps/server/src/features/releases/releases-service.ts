/**
 * Releases through the upstream pipeline, the same code for the built-in store and sentry.io. The
 * detail is a facade: the release and its deploys fetched in parallel; an unknown version is
 * Dexter's own 404.
 */
import type { ReleaseDetail, ReleaseList, ReleaseListQuery } from '@dexter/contracts';
import { type SentryClient, SentryNotFoundError } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import { toDeploy, toRelease } from './releases-mapper';

export interface ReleasesServiceDeps {
  sentry: Pick<SentryClient, 'releases'>;
}

const DEFAULT_PAGE_SIZE = 25;

export function createReleasesService({ sentry }: ReleasesServiceDeps) {
  return {
    async list(org: string, query: ReleaseListQuery): Promise<ReleaseList> {
      const result = await sentry.releases.list(org, {
        query: query.query,
        project: query.project === undefined ? undefined : [query.project].flat(),
        cursor: query.cursor,
        perPage: query.limit ?? DEFAULT_PAGE_SIZE,
      });
      return { items: result.data.map(toRelease), nextCursor: result.page.next };
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
