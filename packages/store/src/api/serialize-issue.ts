/**
 * Issue rows in the shape of Sentry's group responses (`OrganizationGroupIndexGetResponse` for
 * lists, `GroupDetailsResponse` for detail). Quirk kept on purpose: `count` is a string in Sentry.
 */
import type { Selectable } from 'kysely';
import type { IssueTable, ProjectTable } from '../db/schema';
import { formatShortId } from '../short-id';
import { isoOf } from './serialize-organization';

export type IssueRow = Selectable<IssueTable>;
export type ProjectRow = Selectable<ProjectTable>;

/** [unix seconds, count] per hour over the last 24 hours, oldest first. */
export type StatsSeries = Array<[number, number]>;

const parseJson = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** Seer's autofix state, which the store has none of; the spec types these as non-null strings. */
const NO_DERIVED_DATA = {
  blocker: '',
  hasOpenFixPr: false,
  hasRootCause: false,
  isAssigned: false,
  lastCompletedAutofixStep: '',
  lastProgressedAt: null,
  progress: '',
  status: '',
  viewCount: 0,
};

export function serializeIssueBase(issue: IssueRow, project: ProjectRow, baseUrl: string, orgSlug: string) {
  return {
    id: String(issue.id),
    shareId: null,
    shortId: formatShortId(project.slug, issue.short_id_num),
    title: issue.title,
    culprit: issue.culprit,
    // Points at Dexter's own UI, which serves the issue at /{org}/issues/{id}.
    permalink: `${baseUrl.replace(/\/$/, '')}/${orgSlug}/issues/${issue.id}`,
    logger: issue.logger,
    level: issue.level,
    status: issue.status,
    statusDetails: parseJson(issue.status_details),
    substatus: issue.substatus,
    isPublic: false,
    platform: issue.platform,
    priority: issue.level === 'fatal' ? 'high' : issue.level === 'error' ? 'medium' : 'low',
    priorityLockedAt: null,
    seerFixabilityScore: null,
    seerAutofixLastTriggered: null,
    seerExplorerAutofixLastTriggered: null,
    project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
    type: issue.type,
    issueType: 'error',
    issueCategory: 'error',
    metadata: parseJson(issue.metadata),
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: false,
    annotations: [],
    isUnhandled: issue.is_unhandled === 1,
    count: String(issue.times_seen),
    userCount: issue.user_count,
    firstSeen: isoOf(issue.first_seen),
    lastSeen: isoOf(issue.last_seen),
  };
}

export function serializeIssueListItem(
  issue: IssueRow,
  project: ProjectRow,
  stats: StatsSeries,
  baseUrl: string,
  orgSlug: string,
) {
  const base = serializeIssueBase(issue, project, baseUrl, orgSlug);
  return {
    ...base,
    derivedData: NO_DERIVED_DATA,
    stats: { '24h': stats },
    lifetime: {
      count: base.count,
      userCount: base.userCount,
      firstSeen: base.firstSeen,
      lastSeen: base.lastSeen,
      stats: null,
    },
    filtered: null,
    sessionCount: 0,
    inbox: { date_added: base.firstSeen, reason: 0, reason_details: null },
    owners: { date_added: base.firstSeen, owner: '', type: 'none' },
    integrationIssues: [],
    sentryAppIssues: [],
    latestEventHasAttachments: false,
    matchingEventId: null,
    matchingEventEnvironment: null,
  };
}

export interface IssueDetailExtras {
  stats: StatsSeries;
  tags: Array<{ key: string; name: string; totalValues: number }>;
}

export function serializeIssueDetail(
  issue: IssueRow,
  project: ProjectRow,
  extras: IssueDetailExtras,
  baseUrl: string,
  orgSlug: string,
) {
  const base = serializeIssueBase(issue, project, baseUrl, orgSlug);
  const release = (version: string | null) => (version ? { version, shortVersion: version } : null);
  return {
    ...base,
    derivedData: NO_DERIVED_DATA,
    firstRelease: release(issue.first_release),
    lastRelease: release(issue.last_release),
    tags: extras.tags,
    stats: { '24h': extras.stats },
    inbox: null,
    owners: null,
    forecast: {},
    integrationIssues: [],
    sentryAppIssues: [],
    latestEventHasAttachments: false,
    activity: [],
    seenBy: [],
    userReportCount: 0,
    participants: [],
  };
}
