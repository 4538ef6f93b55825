/**
 * `GET /organizations/{org}/issues-stats/?groups=…` items (not in the public spec; Sentry's
 * `StreamGroupSerializerSnuba` with `base` collapsed): counts and the sparkline series of issues
 * whose list was fetched without stats.
 */
import { z } from 'zod';
import { CountSchema, IdSchema, OptionalNumber, OptionalString } from './common';
import { StatsSeriesSchema } from './issue';

/** Sentry answers "Too many groups requested." beyond this many issues per call. */
export const MAX_ISSUE_STATS_GROUPS = 25;

const SeenSchema = {
  count: CountSchema.nullish(),
  userCount: OptionalNumber,
  firstSeen: OptionalString,
  lastSeen: OptionalString,
};

export const IssueStatsSchema = z.looseObject({
  id: IdSchema,
  ...SeenSchema,
  stats: StatsSeriesSchema,
  lifetime: z.looseObject(SeenSchema).nullish(),
});
export type IssueStats = z.infer<typeof IssueStatsSchema>;
