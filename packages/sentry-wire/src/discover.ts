/**
 * Discover's table answer (`GET /organizations/{org}/events/`, spec "Query Explore Events in Table
 * Format"): one row per group, keyed by the requested field names (`geo.country_code`,
 * `count()`, …), and `meta.fields` with each field's type. Lenient: a row's values are strings,
 * numbers or null; anything else in a row is left to the caller's own schema.
 */
import { z } from 'zod';

export const DiscoverTableSchema = z.looseObject({
  data: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  meta: z.looseObject({ fields: z.record(z.string(), z.string()).nullish() }).nullish(),
});
export type DiscoverTable = z.infer<typeof DiscoverTableSchema>;
