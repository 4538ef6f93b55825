/** Sentry's release and deploy answers, lenient, into Dexter's contracts, every field present. */
import type { Deploy, Release } from '@dexter/contracts';
import type { Deploy as SentryDeploy, Release as SentryRelease } from '@dexter/sentry-client';

export function toRelease(release: SentryRelease): Release {
  const last = release.lastDeploy;
  return {
    version: release.version,
    shortVersion: release.shortVersion ?? release.version,
    dateCreated: release.dateCreated ?? null,
    dateReleased: release.dateReleased ?? null,
    newGroups: release.newGroups ?? 0,
    projects: (release.projects ?? []).flatMap((project) => {
      const slug = project.slug ?? project.id;
      return slug ? [{ slug, name: project.name ?? slug }] : [];
    }),
    // `lastDeploy.name` is "" for an unnamed deploy (the spec's non-null string): read it as none.
    lastDeploy: last
      ? {
          environment: last.environment ?? null,
          dateFinished: last.dateFinished ?? null,
          name: last.name || null,
        }
      : null,
    deployCount: release.deployCount ?? 0,
    commitCount: release.commitCount ?? 0,
    authors: (release.authors ?? []).map((author) => ({
      name: author.name ?? author.username ?? null,
      email: author.email ?? null,
    })),
  };
}

export function toDeploy(deploy: SentryDeploy): Deploy {
  return {
    id: deploy.id ?? null,
    environment: deploy.environment ?? null,
    name: deploy.name || null,
    url: deploy.url ?? null,
    dateStarted: deploy.dateStarted ?? null,
    dateFinished: deploy.dateFinished ?? null,
  };
}
