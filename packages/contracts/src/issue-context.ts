import { z } from 'zod';
import { EventSchema } from './events';
import { IssueSchema } from './issues';

/**
 * The issue detail in one response (`GET .../issues/{id}/context`). Each part is fetched in
 * parallel and succeeds or fails on its own: a failed part says why, the rest still arrives.
 */
export const PartErrorSchema = z.object({ code: z.string(), message: z.string() });
export type PartError = z.infer<typeof PartErrorSchema>;

const part = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: PartErrorSchema }),
  ]);

export const TagSummarySchema = z.object({
  key: z.string(),
  totalValues: z.number(),
  topValues: z.array(z.object({ value: z.string().nullable(), count: z.number() })),
});
export type TagSummary = z.infer<typeof TagSummarySchema>;

export const EventSummarySchema = z.object({
  id: z.string(),
  dateCreated: z.string().nullable(),
  title: z.string(),
  message: z.string().nullable(),
  user: z.string().nullable(),
});
export type EventSummary = z.infer<typeof EventSummarySchema>;

export const ActivitySchema = z.object({
  id: z.string(),
  type: z.string(),
  dateCreated: z.string().nullable(),
  user: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type Activity = z.infer<typeof ActivitySchema>;

/** `[unix seconds, events]` per bucket, oldest first. */
export const StatsSeriesSchema = z.array(z.tuple([z.number(), z.number()]));

export const IssueContextSchema = z.object({
  issue: part(IssueSchema),
  latestEvent: part(EventSchema.nullable()),
  tags: part(z.array(TagSummarySchema)),
  events: part(z.object({ events: z.array(EventSummarySchema), nextCursor: z.string().nullable() })),
  stats: part(z.object({ '24h': StatsSeriesSchema })),
  activity: part(z.array(ActivitySchema)),
});
export type IssueContext = z.infer<typeof IssueContextSchema>;
