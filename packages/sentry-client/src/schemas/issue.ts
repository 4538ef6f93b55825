/**
 * Issue (Sentry "group"): list items of `GET /api/0/organizations/{org}/issues/` and the detail of
 * `GET|PUT /api/0/organizations/{org}/issues/{id}/`. One schema serves both; detail-only fields
 * (`activity`, `participants`, `tags`, …) are kept by `looseObject` and typed where Dexter reads
 * them. Upstream quirks worth knowing: `count` is a string while `userCount` is a number;
 * `statusDetails` is `{}` for most statuses; `assignedTo` is null when unassigned.
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

/**
 * `{"24h" | "14d" | "auto": [[unixSeconds, count], …]}`. Sparklines are decoration: an odd value
 * becomes null instead of failing the issue it belongs to.
 */
export const StatsSeriesSchema = z
  .record(z.string(), z.array(z.tuple([z.number(), z.number()])))
  .nullish()
  .catch(null);

export const IssueStatusDetailsSchema = z.looseObject({
  inRelease: OptionalString,
  inNextRelease: OptionalBoolean,
  ignoreCount: OptionalNumber,
  ignoreUntil: OptionalString,
  ignoreUserCount: OptionalNumber,
  ignoreUserWindow: OptionalNumber,
  ignoreWindow: OptionalNumber,
});

export const IssueSchema = z.looseObject({
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
});
export type Issue = z.infer<typeof IssueSchema>;

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
