/**
 * Discover through Dexter (`/api/v1/organizations/{org}/discover/...`), in both modes: Sentry's
 * own parameters (`field`, `query`, `sort`, `statsPeriod` or `start`/`end`, `project`,
 * `environment`, `per_page`, `cursor`; `yAxis`, `interval`, `topEvents`, `orderby` for series), checked by the
 * store's query model before any upstream call, and Sentry's answer shapes: the table's rows keyed
 * by the field strings with `meta.fields`/`meta.units`, the series as `events-stats` gives them.
 * The `dataset` is Dexter's to pick (the upstream's spelling, by a capability probe).
 */
import { z } from 'zod';

const list = z.union([z.string(), z.array(z.string())]).optional();

export const DiscoverParamsSchema = z.object({
  org: z.string().min(1),
});

export const DiscoverTableQuerySchema = z.object({
  field: list,
  query: z.string().max(2000).optional(),
  sort: list,
  statsPeriod: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  project: list,
  environment: list,
  per_page: z.string().optional(),
  cursor: z.string().optional(),
});
export type DiscoverTableQuery = z.infer<typeof DiscoverTableQuerySchema>;

export const DiscoverStatsQuerySchema = DiscoverTableQuerySchema.omit({
  per_page: true,
  cursor: true,
}).extend({
  yAxis: list,
  interval: z.string().optional(),
  topEvents: z.string().optional(),
  /** How the top groups are picked (Sentry's `events-stats` name for `sort`, which it also takes). */
  orderby: list,
});
export type DiscoverStatsQuery = z.infer<typeof DiscoverStatsQuerySchema>;

export const DiscoverExportQuerySchema = DiscoverTableQuerySchema.omit({
  per_page: true,
  cursor: true,
}).extend({
  format: z.enum(['csv', 'ndjson']).default('csv'),
});
export type DiscoverExportQuery = z.infer<typeof DiscoverExportQuerySchema>;

const CellSchema = z.union([z.string(), z.number(), z.null()]);

export const DiscoverResultSchema = z.object({
  data: z.array(z.record(z.string(), CellSchema)),
  meta: z.object({
    fields: z.record(z.string(), z.string()),
    units: z.record(z.string(), z.string().nullable()),
  }),
  /** The cursor of the next page, null on the last. */
  nextCursor: z.string().nullable(),
  /** What the upstream was asked for (`errors`, `discover` or none on older servers). */
  dataset: z.string().nullable(),
});
export type DiscoverResult = z.infer<typeof DiscoverResultSchema>;

/** Sentry's `events-stats` shapes (one series, one per yAxis, or one per top group). */
export const DiscoverSeriesSchema = z.record(z.string(), z.unknown());
export type DiscoverSeries = z.infer<typeof DiscoverSeriesSchema>;
