/**
 * The geographic impact of issues as Dexter's API answers it, in both modes: events and users per
 * country (ISO 3166-1 alpha-2, from the event's `user.geo`, which the built-in store fills from
 * the user's IP with DB-IP's offline database and Sentry fills with MaxMind's).
 *
 * `source` says how they were counted: `discover` (Sentry's Discover: the events of the period,
 * distinct users per country) or `tags` (the fallback when the upstream refuses Discover: each
 * issue's `geo.country_code` tag counts, events over the issue's lifetime, `users` null). For a
 * search, only the `issuesConsidered` most frequent matching issues are counted (`truncated` says
 * when more matched).
 */
import { z } from 'zod';
import { SentryIssueIdSchema } from './issues';

export const GeoCountrySchema = z.object({
  /** ISO 3166-1 alpha-2, upper case. */
  code: z.string().regex(/^[A-Z]{2}$/),
  events: z.number().int().nonnegative(),
  /** Distinct users there, where the upstream counts them; null when it does not. */
  users: z.number().int().nonnegative().nullable(),
  /** Issues (of those considered) with events there, where counted (the `tags` source); else null. */
  issues: z.number().int().nonnegative().nullable(),
});
export type GeoCountry = z.infer<typeof GeoCountrySchema>;

export const GeoImpactSchema = z.object({
  /** Most events first. */
  countries: z.array(GeoCountrySchema),
  /** Events of the considered issues with a country. */
  locatedEvents: z.number().int().nonnegative(),
  /** All events of the considered issues, located or not (Sentry's issue `count`). */
  totalEvents: z.number().int().nonnegative(),
  issuesConsidered: z.number().int().nonnegative(),
  /** More issues matched the search than were considered. */
  truncated: z.boolean(),
  source: z.enum(['discover', 'tags']),
});
export type GeoImpact = z.infer<typeof GeoImpactSchema>;

const listParam = z.union([z.string(), z.array(z.string())]);

export const GeoQuerySchema = z.object({
  /** Dexter search syntax, as the issue stream takes it; absent means `is:unresolved`. */
  query: z.string().max(2000).optional(),
  /** Project ids. */
  project: listParam.optional(),
  environment: listParam.optional(),
  /** Issues with events in this period (`24h`, `14d`, …), and (Discover) only those events; default 14d. */
  statsPeriod: z
    .string()
    .regex(/^\d{1,4}[mhdw]$/, 'must be a period like 24h or 14d')
    .optional(),
  /** How many of the most frequent matching issues to sum, at most 100. */
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type GeoQuery = z.infer<typeof GeoQuerySchema>;

export const GeoIssueParamsSchema = z.object({
  org: z.string().min(1).max(100),
  issueId: SentryIssueIdSchema,
});
