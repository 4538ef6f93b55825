/**
 * Release and deploy objects as Sentry's `ReleaseSerializer` and `DeploySerializer` write them,
 * for the fields the store has. `commitCount`, `authors` and `lastCommit` come from the commits
 * `set-commits` recorded; owners are not recorded; `firstEvent`/`lastEvent` are null; `newGroups`
 * counts the issues whose first event named the release. Health (`projects[].healthData`,
 * `hasHealthData`, `adoptionStages`) comes from the sessions (`release-health-fields.ts`).
 */
import type { DeployRow, ProjectRow, ReleaseRow } from '../../db/schema';
import type { CommitSummary } from './commit-queries';
import type { HealthData } from './release-health-data';
import { serializeAuthor, serializeCommit } from './serialize-commit';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function serializeDeploy(deploy: DeployRow) {
  return {
    id: String(deploy.id),
    environment: deploy.environment,
    dateStarted: isoOrNull(deploy.date_started),
    dateFinished: iso(deploy.date_finished),
    name: deploy.name,
    url: deploy.url,
  };
}

export interface ReleaseExtras {
  projects: ProjectRow[];
  /** New issues per project id. */
  newGroups: Map<number, number>;
  deployCount: number;
  lastDeploy: DeployRow | null;
  commits: CommitSummary;
  /** Projects with sessions in the last 90 days. */
  hasHealthData?: Set<number>;
  /** Per project id, with `health=1`. */
  health?: Map<number, HealthData>;
  /** By project slug, with `adoptionStages=1`. */
  adoptionStages?: Record<string, { stage: string; adopted: string | null; unadopted: string | null }>;
}

export function serializeRelease(release: ReleaseRow, extras: ReleaseExtras) {
  const newGroups = (projectId: number) => extras.newGroups.get(projectId) ?? 0;
  return {
    id: release.id,
    version: release.version,
    shortVersion: release.version,
    status: 'open',
    ref: release.ref,
    url: release.url,
    dateCreated: iso(release.date_created),
    dateStarted: isoOrNull(release.date_started),
    dateReleased: isoOrNull(release.date_released),
    owner: null,
    lastCommit: extras.commits.lastCommit && serializeCommit(extras.commits.lastCommit),
    // Sentry's spec types `lastDeploy.name` as a non-null string (the deploy list allows null).
    lastDeploy: extras.lastDeploy && {
      ...serializeDeploy(extras.lastDeploy),
      name: extras.lastDeploy.name ?? '',
    },
    firstEvent: null,
    lastEvent: null,
    currentProjectMeta: {},
    userAgent: null,
    versionInfo: null,
    data: {},
    commitCount: extras.commits.commitCount,
    deployCount: extras.deployCount,
    authors: extras.commits.authors.map(serializeAuthor),
    ...(extras.adoptionStages ? { adoptionStages: extras.adoptionStages } : {}),
    newGroups: extras.projects.reduce((sum, project) => sum + newGroups(project.id), 0),
    projects: extras.projects.map((project) => ({
      id: project.id,
      slug: project.slug,
      name: project.name,
      platform: project.platform,
      platforms: project.platform === null ? [] : [project.platform],
      hasHealthData: extras.hasHealthData?.has(project.id) ?? false,
      newGroups: newGroups(project.id),
      ...(extras.health ? { healthData: extras.health.get(project.id) ?? null } : {}),
    })),
  };
}
