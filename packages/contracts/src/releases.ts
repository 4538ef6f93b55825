/**
 * Releases as Dexter's API answers them, in both modes (built-in store and sentry.io): the fields
 * the release pages show, each present (null or empty when the upstream leaves it out).
 */
import { z } from 'zod';

export const DeploySchema = z.object({
  id: z.string().nullable(),
  environment: z.string().nullable(),
  name: z.string().nullable(),
  url: z.string().nullable(),
  dateStarted: z.string().nullable(),
  dateFinished: z.string().nullable(),
});
export type Deploy = z.infer<typeof DeploySchema>;

export const ReleaseProjectSchema = z.object({ slug: z.string(), name: z.string() });
export type ReleaseProject = z.infer<typeof ReleaseProjectSchema>;

export const ReleaseAuthorSchema = z.object({ name: z.string().nullable(), email: z.string().nullable() });
export type ReleaseAuthor = z.infer<typeof ReleaseAuthorSchema>;

/** Release health over the last 24 hours, in percent (0–100); null where no session counted. */
export const ReleaseHealthSchema = z.object({
  crashFreeSessions: z.number().nullable(),
  crashFreeUsers: z.number().nullable(),
  /** The release's share of its projects' sessions. */
  adoption: z.number().nullable(),
  totalSessions: z.number().nullable(),
});
export type ReleaseHealth = z.infer<typeof ReleaseHealthSchema>;

/** The newest deploy of a release to one environment. */
export const EnvironmentDeploySchema = z.object({
  environment: z.string().nullable(),
  dateFinished: z.string().nullable(),
  name: z.string().nullable(),
});
export type EnvironmentDeploy = z.infer<typeof EnvironmentDeploySchema>;

export const ReleaseSchema = z.object({
  version: z.string(),
  shortVersion: z.string(),
  dateCreated: z.string().nullable(),
  dateReleased: z.string().nullable(),
  /** Issues whose first event named this release. */
  newGroups: z.number(),
  projects: z.array(ReleaseProjectSchema),
  lastDeploy: z
    .object({
      environment: z.string().nullable(),
      dateFinished: z.string().nullable(),
      name: z.string().nullable(),
    })
    .nullable(),
  deployCount: z.number(),
  commitCount: z.number(),
  authors: z.array(ReleaseAuthorSchema),
  /** Null when the upstream keeps no sessions for it (or was not asked). */
  health: ReleaseHealthSchema.nullable(),
  /** The last deploy per environment, newest first (the list reads them for multi-deploy releases). */
  lastDeploys: z.array(EnvironmentDeploySchema),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const ReleaseListQuerySchema = z.object({
  /** A version prefix, case-insensitive. */
  query: z.string().max(200).optional(),
  /** Project ids. */
  project: z
    .union([z.string().regex(/^\d{1,15}$/), z.array(z.string().regex(/^\d{1,15}$/)).max(100)])
    .optional(),
  /** Page size; 25 when absent. */
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** Opaque: a `nextCursor` of the same list. */
  cursor: z.string().max(4000).optional(),
});
export type ReleaseListQuery = z.infer<typeof ReleaseListQuerySchema>;

export const ReleaseListSchema = z.object({
  items: z.array(ReleaseSchema),
  nextCursor: z.string().nullable(),
});
export type ReleaseList = z.infer<typeof ReleaseListSchema>;

export const ReleaseDetailSchema = z.object({
  release: ReleaseSchema,
  deploys: z.array(DeploySchema),
});
export type ReleaseDetail = z.infer<typeof ReleaseDetailSchema>;

/** Sentry's rule for a version in a path: not empty, no `/`, at most 200 characters. */
export const ReleaseVersionSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/]+$/, 'must not contain /')
  .refine((v) => v !== '.' && v !== '..', 'must not be . or ..');
