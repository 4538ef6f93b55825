/**
 * Project (`GET /api/0/organizations/{org}/projects/`) and project client key
 * (`GET /api/0/projects/{org}/{project}/keys/`). `id` and `slug` identify a project; a key is
 * identified by its `id` (the public key, hex).
 */
import { z } from 'zod';
import { IdSchema, OptionalBoolean, OptionalNumber, OptionalString } from './common';

const TeamRefSchema = z.looseObject({ id: IdSchema.nullish(), slug: OptionalString, name: OptionalString });

export const ProjectSchema = z.looseObject({
  id: IdSchema,
  slug: z.string(),
  name: OptionalString,
  platform: OptionalString,
  dateCreated: OptionalString,
  firstEvent: OptionalString,
  isBookmarked: OptionalBoolean,
  isMember: OptionalBoolean,
  hasAccess: OptionalBoolean,
  features: z.array(z.string()).nullish(),
  environments: z.array(z.string()).nullish(),
  team: TeamRefSchema.nullish(),
  teams: z.array(TeamRefSchema).nullish(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectKeySchema = z.looseObject({
  id: IdSchema,
  name: OptionalString,
  label: OptionalString,
  public: OptionalString,
  secret: OptionalString,
  /** An integer in Sentry's payload; read as a string like every other id. */
  projectId: IdSchema.nullish(),
  isActive: OptionalBoolean,
  dateCreated: OptionalString,
  rateLimit: z.looseObject({ window: OptionalNumber, count: OptionalNumber }).nullish(),
  dsn: z
    .looseObject({
      public: OptionalString,
      secret: OptionalString,
      csp: OptionalString,
      security: OptionalString,
      minidump: OptionalString,
      cdn: OptionalString,
      crons: OptionalString,
    })
    .nullish(),
  browserSdkVersion: OptionalString,
});
export type ProjectKey = z.infer<typeof ProjectKeySchema>;
