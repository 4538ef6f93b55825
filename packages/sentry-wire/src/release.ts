/**
 * Release (`GET /api/0/organizations/{org}/releases/` and `…/releases/{version}/`) and deploy
 * (`GET …/releases/{version}/deploys/`). A release is identified by its `version` within the
 * organization; `lastDeploy.name` is a string there but may be null in the deploy list, and the
 * built-in store answers empty commits and authors, so everything but the version is nullish.
 */
import { z } from 'zod';
import { IdSchema, OptionalBoolean, OptionalNumber, OptionalString } from './common';

export const DeploySchema = z.looseObject({
  id: IdSchema.nullish(),
  environment: OptionalString,
  name: OptionalString,
  url: OptionalString,
  dateStarted: OptionalString,
  dateFinished: OptionalString,
});
export type Deploy = z.infer<typeof DeploySchema>;

const ReleaseProjectSchema = z.looseObject({
  id: IdSchema.nullish(),
  slug: OptionalString,
  name: OptionalString,
  platform: OptionalString,
  newGroups: OptionalNumber,
  hasHealthData: OptionalBoolean,
  /** With `health=1`: rates in percent (0–100), unlike `/sessions/`. */
  healthData: z
    .looseObject({
      crashFreeSessions: OptionalNumber,
      crashFreeUsers: OptionalNumber,
      adoption: OptionalNumber,
      sessionsAdoption: OptionalNumber,
      totalSessions: OptionalNumber,
      totalUsers: OptionalNumber,
      hasHealthData: OptionalBoolean,
    })
    .nullish(),
});

/** Commit authors: Sentry users, or `{name, email}` for authors without an account. */
const ReleaseAuthorSchema = z.looseObject({
  id: IdSchema.nullish(),
  name: OptionalString,
  email: OptionalString,
  username: OptionalString,
});

export const ReleaseSchema = z.looseObject({
  id: IdSchema.nullish(),
  version: z.string(),
  shortVersion: OptionalString,
  status: OptionalString,
  ref: OptionalString,
  url: OptionalString,
  dateCreated: OptionalString,
  dateStarted: OptionalString,
  dateReleased: OptionalString,
  firstEvent: OptionalString,
  lastEvent: OptionalString,
  newGroups: OptionalNumber,
  commitCount: OptionalNumber,
  deployCount: OptionalNumber,
  lastDeploy: DeploySchema.nullish(),
  authors: z.array(ReleaseAuthorSchema).nullish(),
  projects: z.array(ReleaseProjectSchema).nullish(),
});
export type Release = z.infer<typeof ReleaseSchema>;
