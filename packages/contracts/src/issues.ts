import { z } from 'zod';

export const IssueStatusSchema = z.enum(['unresolved', 'resolved', 'ignored']);
export type IssueStatus = z.infer<typeof IssueStatusSchema>;

export const IssueLevelSchema = z.enum(['sample', 'debug', 'info', 'warning', 'error', 'fatal', 'unknown']);
export type IssueLevel = z.infer<typeof IssueLevelSchema>;

/** The sorts every upstream supports and Dexter can merge across OR branches. */
export const IssueSortSchema = z.enum(['date', 'new', 'freq', 'user']);
export type IssueSort = z.infer<typeof IssueSortSchema>;

/**
 * Every sort the issue list accepts: the mergeable four plus Sentry's scored sorts (also served by
 * the built-in store). The scored ones cannot be combined with OR across fields (a 400 says so).
 */
export const IssueListSortSchema = z.enum([...IssueSortSchema.options, 'inbox', 'trends', 'recommended']);
export type IssueListSort = z.infer<typeof IssueListSortSchema>;

/** A numeric Sentry issue id. */
export const SentryIssueIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a numeric issue id');

/** `[unix seconds, events]` per bucket, oldest first: a sparkline (hourly over 24 hours by default). */
export type Sparkline = Array<[number, number]>;

const isSparkline = (value: unknown): value is Sparkline =>
  Array.isArray(value) &&
  value.every(
    (point) =>
      Array.isArray(point) &&
      point.length === 2 &&
      typeof point[0] === 'number' &&
      typeof point[1] === 'number',
  );

/**
 * Checked by hand rather than as zod tuples: those copied every point of every issue, which made
 * a list page's sparklines two thirds of the cost of checking and serializing the whole page.
 * `z.custom` has no JSON Schema of its own; `customJsonSchemaOf` gives the OpenAPI document one.
 */
export const SparklineSchema = z.custom<Sparkline>(isSparkline, {
  message: 'expected a sparkline: [[unixSeconds, events], …]',
});

const SPARKLINE_JSON_SCHEMA: Record<string, unknown> = {
  type: 'array',
  items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
};

/** The JSON Schema of a contract schema zod cannot describe itself, or undefined for any other. */
export function customJsonSchemaOf(schema: unknown): Record<string, unknown> | undefined {
  return schema === SparklineSchema ? structuredClone(SPARKLINE_JSON_SCHEMA) : undefined;
}

export const IssueAssigneeSchema = z.object({
  type: z.enum(['user', 'team']),
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
});
export type IssueAssignee = z.infer<typeof IssueAssigneeSchema>;

/**
 * The error category Dexter's classifier gives an issue (docs/categories.md): `id` is what
 * `category:` search takes, `confidence` the model's probability for it.
 */
export const IssueCategorySchema = z.object({
  id: z.string(),
  label: z.string(),
  confidence: z.number().min(0).max(1),
});
export type IssueCategory = z.infer<typeof IssueCategorySchema>;

/** An issue as Dexter's API serves it: Sentry's group, with `count` as a number. */
export const IssueSchema = z.object({
  id: z.string(),
  shortId: z.string(),
  title: z.string(),
  culprit: z.string(),
  level: z.string(),
  status: z.string(),
  platform: z.string().nullable(),
  count: z.number(),
  userCount: z.number(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  project: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  metadata: z.object({
    type: z.string().optional(),
    value: z.string().optional(),
    filename: z.string().optional(),
    function: z.string().optional(),
    title: z.string().optional(),
  }),
  permalink: z.string().nullable(),
  /** Triage state; absent when the upstream did not send it. */
  substatus: z.string().nullable().optional(),
  /** `{inNextRelease: true}`, `{ignoreCount, ignoreWindow}`…: why a resolution or an ignore ends. */
  statusDetails: z.record(z.string(), z.unknown()).optional(),
  priority: z.string().nullable().optional(),
  assignedTo: IssueAssigneeSchema.nullable().optional(),
  isBookmarked: z.boolean().optional(),
  numComments: z.number().optional(),
  /** The sparkline of the list's `groupStatsPeriod` (24 hourly buckets by default). */
  stats: SparklineSchema.optional(),
  /** Error issues only: what kind of failure it is (docs/categories.md). */
  category: IssueCategorySchema.optional(),
  /** Versions of the first and the latest release with an event of the issue, when known. */
  firstRelease: z.string().optional(),
  lastRelease: z.string().optional(),
});
export type Issue = z.infer<typeof IssueSchema>;

const listParam = z.union([z.string(), z.array(z.string())]);

const ProjectIdSchema = z.string().regex(/^(-1|\d{1,20})$/, 'must be a numeric project id (or -1 for all)');
/**
 * `project=` as Sentry takes it: project ids, not slugs. Checked here, so a slug is a 400 naming
 * the parameter rather than the upstream's 403 for a project the caller "cannot see".
 */
export const ProjectIdsParamSchema = z.union([ProjectIdSchema, z.array(ProjectIdSchema).max(100)]);

export const IssueListQuerySchema = z.object({
  /** Dexter search syntax (docs/search.md). Absent means `is:unresolved`, as in Sentry; `''` means all. */
  query: z.string().max(2000).optional(),
  sort: IssueListSortSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** Opaque: a `nextCursor`/`previousCursor` of the same search. */
  cursor: z.string().max(4000).optional(),
  /** Project ids. */
  project: ProjectIdsParamSchema.optional(),
  environment: listParam.optional(),
  /** Only issues with events in this period (`24h`, `14d`, …). */
  statsPeriod: z
    .string()
    .regex(/^\d{1,4}[mhdw]$/, 'must be a period like 24h or 14d')
    .optional(),
  /** Which sparkline each issue carries: hourly over `24h` (default), daily over `14d`, `auto`, or `''` for none. */
  groupStatsPeriod: z.enum(['', '24h', '14d', 'auto']).optional(),
});
export type IssueListQuery = z.infer<typeof IssueListQuerySchema>;

export const IssueListSchema = z.object({
  issues: z.array(IssueSchema),
  nextCursor: z.string().nullable(),
  previousCursor: z.string().nullable(),
  /** Total matches when the upstream counts them; null for searches Dexter evaluates itself. */
  hits: z.number().nullable(),
  /** Issues Dexter evaluated for this page (searches with a part only Dexter can run). */
  scanned: z.number().optional(),
  /** A scan bound stopped this page before it was full: results may continue from `nextCursor`. */
  truncated: z.boolean().optional(),
});
export type IssueList = z.infer<typeof IssueListSchema>;

/**
 * How an issue is ignored (archived) until something happens: forever, for a duration, until N
 * more events or N more users (optionally within a window), or until it escalates.
 */
export const IgnoreUntilSchema = z.discriminatedUnion('until', [
  z.object({ until: z.literal('forever') }),
  z.object({ until: z.literal('duration'), minutes: z.number().int().min(1).max(525_600) }),
  z.object({
    until: z.literal('events'),
    count: z.number().int().min(1).max(1_000_000_000),
    windowMinutes: z.number().int().min(1).max(10_080).optional(),
  }),
  z.object({
    until: z.literal('users'),
    count: z.number().int().min(1).max(1_000_000_000),
    windowMinutes: z.number().int().min(1).max(10_080).optional(),
  }),
  z.object({ until: z.literal('escalating') }),
]);
export type IgnoreUntil = z.infer<typeof IgnoreUntilSchema>;

/** `user:<id>` (a member's user id) or `team:<id>`, as the members and teams routes give them. */
export const AssigneeRefSchema = z.string().regex(/^(user|team):\d{1,20}$/, 'must be user:<id> or team:<id>');

/**
 * A change to one issue (`PUT …/issues/{id}`) or to every issue of a bulk job: any combination
 * of a status, an assignee (null unassigns), a bookmark and a priority. `ignore` goes with
 * `status: 'ignored'` and says until when (forever when absent).
 */
export const IssueUpdateSchema = z
  .strictObject({
    status: z.enum(['unresolved', 'resolved', 'resolvedInNextRelease', 'ignored']).optional(),
    ignore: IgnoreUntilSchema.optional(),
    assignedTo: AssigneeRefSchema.nullable().optional(),
    isBookmarked: z.boolean().optional(),
    priority: z.enum(['low', 'medium', 'high']).optional(),
  })
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    message: 'nothing to change: set status, assignedTo, isBookmarked or priority',
  })
  .refine((update) => update.ignore === undefined || update.status === 'ignored', {
    message: 'ignore needs status "ignored"',
    path: ['ignore'],
  });
export type IssueUpdate = z.infer<typeof IssueUpdateSchema>;
