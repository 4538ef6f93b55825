/**
 * Issue rows in the shape of Sentry's group responses (`OrganizationGroupIndexGetResponse` for
 * lists, `GroupDetailsResponse` for detail). Quirk kept on purpose: `count` is a string in Sentry.
 */
import type { IssueSchema, StatsSeries } from '@dexter/sentry-wire';
import type { z } from 'zod';
import type { IssueRow, ProjectRow } from '../../db/schema';
import { formatShortId } from '../../short-id';
import { isoOf } from '../organizations/serialize-organization';
import { serializeAssignee } from './assignee';
import type { IssueDecoration } from './issue-decorations';

/** Before anyone sets a priority by hand it follows the level, as Sentry's initial priority does. */
export const priorityOf = (issue: IssueRow) =>
  issue.priority ?? (issue.level === 'fatal' ? 'high' : issue.level === 'error' ? 'medium' : 'low');

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

export function serializeIssueBase(
  issue: IssueRow,
  project: ProjectRow,
  decoration: IssueDecoration,
  baseUrl: string,
  orgSlug: string,
) {
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
    priority: priorityOf(issue),
    priorityLockedAt: isoOf(issue.priority_locked_at),
    seerFixabilityScore: null,
    seerAutofixLastTriggered: null,
    seerExplorerAutofixLastTriggered: null,
    project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
    type: issue.type,
    issueType: 'error',
    issueCategory: 'error',
    metadata: parseJson(issue.metadata),
    numComments: decoration.numComments,
    assignedTo: serializeAssignee(decoration.assignee),
    isBookmarked: decoration.isBookmarked,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: decoration.hasSeen,
    annotations: [],
    isUnhandled: issue.is_unhandled === 1,
    count: String(issue.times_seen),
    userCount: issue.user_count,
    firstSeen: isoOf(issue.first_seen),
    lastSeen: isoOf(issue.last_seen),
  } satisfies z.input<typeof IssueSchema>;
}

export function serializeIssueListItem(
  issue: IssueRow,
  project: ProjectRow,
  decoration: IssueDecoration,
  stats: StatsSeries,
  baseUrl: string,
  orgSlug: string,
) {
  const base = serializeIssueBase(issue, project, decoration, baseUrl, orgSlug);
  return {
    ...base,
    derivedData: NO_DERIVED_DATA,
    stats,
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
  } satisfies z.input<typeof IssueSchema>;
}

export interface IssueDetailExtras {
  decoration: IssueDecoration;
  stats: StatsSeries;
  tags: Array<{ key: string; name: string; totalValues: number }>;
  activity: Array<Record<string, unknown>>;
  /** `issue-releases.ts`: full release objects where the project has the record. */
  releases: { firstRelease: Record<string, unknown> | null; lastRelease: Record<string, unknown> | null };
}

export function serializeIssueDetail(
  issue: IssueRow,
  project: ProjectRow,
  extras: IssueDetailExtras,
  baseUrl: string,
  orgSlug: string,
) {
  const base = serializeIssueBase(issue, project, extras.decoration, baseUrl, orgSlug);
  return {
    ...base,
    derivedData: NO_DERIVED_DATA,
    firstRelease: extras.releases.firstRelease,
    lastRelease: extras.releases.lastRelease,
    tags: extras.tags,
    stats: extras.stats,
    inbox: null,
    owners: null,
    forecast: {},
    integrationIssues: [],
    sentryAppIssues: [],
    latestEventHasAttachments: false,
    activity: extras.activity,
    seenBy: [],
    userReportCount: 0,
    participants: [],
  } satisfies z.input<typeof IssueSchema>;
}
