/**
 * Issue (Sentry "group"): list items of `GET /api/0/organizations/{org}/issues/` and the detail of
 * `GET|PUT /api/0/organizations/{org}/issues/{id}/`. One shape serves both. The detail keeps its
 * detail-only fields (`activity`, `participants`, `tags`, …) through `looseObject`; list items
 * drop undeclared keys, since copying Sentry's twenty-odd extra keys of every issue was a third
 * of a list page's parse. Upstream quirks worth knowing: `count` is a string while `userCount` is
 * a number; `statusDetails` is `{}` for most statuses; `assignedTo` is null when unassigned.
 */
import { z } from 'zod';
import {
  CountSchema,
  IdSchema,
  OptionalBoolean,
  OptionalNumber,
  OptionalString,
  ProjectRefSchema,
} from './common';

const ReleaseRefSchema = z.looseObject({
  version: OptionalString,
  shortVersion: OptionalString,
  dateCreated: OptionalString,
});

export const IssueAssigneeSchema = z.looseObject({
  type: OptionalString, // 'user' | 'team'
  id: IdSchema.nullish(),
  name: OptionalString,
  email: OptionalString,
});
export type IssueAssignee = z.infer<typeof IssueAssigneeSchema>;

/** `[unix seconds of the bucket start, events]` per bucket, oldest first. */
export type StatsPoints = Array<[number, number]>;
/** `{"24h" | "14d" | "auto": points}`; `{}` when the series is turned off. */
export type StatsSeries = Record<string, StatsPoints>;

function isStatsSeries(value: unknown): value is StatsSeries {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const points of Object.values(value)) {
    if (!Array.isArray(points)) return false;
    for (const point of points) {
      if (!Array.isArray(point) || point.length !== 2) return false;
      if (typeof point[0] !== 'number' || typeof point[1] !== 'number') return false;
    }
  }
  return true;
}

/**
 * `{"24h" | "14d" | "auto": [[unixSeconds, count], …]}`. Sparklines are decoration: an odd value
 * becomes null instead of failing the issue it belongs to. Checked by hand rather than as zod
 * tuples, which made a 50-issue page's 1,200 points cost more than all its other fields.
 */
export const StatsSeriesSchema = z
  .unknown()
  .transform((value): StatsSeries | null => (isStatsSeries(value) ? value : null))
  .optional();

export const IssueStatusDetailsSchema = z.looseObject({
  inRelease: OptionalString,
  inNextRelease: OptionalBoolean,
  ignoreCount: OptionalNumber,
  ignoreUntil: OptionalString,
  ignoreUserCount: OptionalNumber,
  ignoreUserWindow: OptionalNumber,
  ignoreWindow: OptionalNumber,
});

const issueShape = {
  id: IdSchema,
  shortId: OptionalString,
  title: OptionalString,
  culprit: OptionalString,
  permalink: OptionalString,
  logger: OptionalString,
  level: OptionalString,
  type: OptionalString,
  issueType: OptionalString,
  issueCategory: OptionalString,
  platform: OptionalString,
  project: ProjectRefSchema.nullish(),
  metadata: z
    .looseObject({
      type: OptionalString,
      value: OptionalString,
      filename: OptionalString,
      function: OptionalString,
      title: OptionalString,
    })
    .nullish(),
  status: OptionalString,
  substatus: OptionalString,
  statusDetails: IssueStatusDetailsSchema.nullish(),
  priority: OptionalString,
  assignedTo: IssueAssigneeSchema.nullish(),
  isBookmarked: OptionalBoolean,
  isSubscribed: OptionalBoolean,
  isPublic: OptionalBoolean,
  hasSeen: OptionalBoolean,
  isUnhandled: OptionalBoolean,
  numComments: OptionalNumber,
  count: CountSchema.nullish(),
  userCount: OptionalNumber,
  firstSeen: OptionalString,
  lastSeen: OptionalString,
  stats: StatsSeriesSchema,
  firstRelease: ReleaseRefSchema.nullish(),
  lastRelease: ReleaseRefSchema.nullish(),
};

export const IssueSchema = z.looseObject(issueShape);
export type Issue = z.infer<typeof IssueSchema>;

/** An issue of a list answer: the same fields, undeclared keys dropped. */
export const IssueListItemSchema = z.object(issueShape);

/** Body of a bulk `PUT /api/0/organizations/{org}/issues/?id=…`: the changes Sentry applied. */
export const IssueBulkUpdateResultSchema = z.looseObject({
  status: OptionalString,
  substatus: OptionalString,
  statusDetails: IssueStatusDetailsSchema.nullish(),
  assignedTo: IssueAssigneeSchema.nullish(),
  isBookmarked: OptionalBoolean,
  hasSeen: OptionalBoolean,
  priority: OptionalString,
  merge: z.looseObject({ parent: IdSchema.nullish(), children: z.array(IdSchema).nullish() }).nullish(),
});
export type IssueBulkUpdateResult = z.infer<typeof IssueBulkUpdateResultSchema>;
