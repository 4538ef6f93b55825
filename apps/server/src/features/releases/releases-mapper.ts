/** Sentry's release and deploy answers, lenient, into Dexter's contracts, every field present. */
import type { Deploy, Release, ReleaseHealth } from '@dexter/contracts';
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
    health: healthOf(release),
    lastDeploys: last
      ? [
          {
            environment: last.environment ?? null,
            dateFinished: last.dateFinished ?? null,
            name: last.name || null,
          },
        ]
      : [],
  };
}

/**
 * One release's health over its projects (`health=1`, percent): rates weighted by each project's
 * sessions, so a busy project counts for what it served. Null when no project has sessions.
 */
export function healthOf(release: SentryRelease): ReleaseHealth | null {
  const projects = (release.projects ?? []).flatMap((p) =>
    p.healthData && (p.healthData.totalSessions ?? 0) > 0 ? [p.healthData] : [],
  );
  if (projects.length === 0) return null;
  const weight = (h: (typeof projects)[number]) => h.totalSessions ?? 0;
  const total = projects.reduce((n, h) => n + weight(h), 0);
  const weighted = (pick: (h: (typeof projects)[number]) => number | null | undefined) => {
    const known = projects.filter((h) => typeof pick(h) === 'number');
    const of = known.reduce((n, h) => n + weight(h), 0);
    return of > 0 ? known.reduce((n, h) => n + (pick(h) as number) * weight(h), 0) / of : null;
  };
  return {
    crashFreeSessions: weighted((h) => h.crashFreeSessions),
    crashFreeUsers: weighted((h) => h.crashFreeUsers),
    adoption: weighted((h) => h.sessionsAdoption ?? h.adoption),
    totalSessions: total,
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
