/**
 * Organization, as returned by `GET /api/0/organizations/` and `GET /api/0/organizations/{org}/`.
 * `id` and `slug` are required: Dexter addresses every organization by its slug.
 */
import { z } from 'zod';
import { IdSchema, OptionalBoolean, OptionalString } from './common';

export const OrganizationSchema = z.looseObject({
  id: IdSchema,
  slug: z.string(),
  name: OptionalString,
  dateCreated: OptionalString,
  status: z.looseObject({ id: OptionalString, name: OptionalString }).nullish(),
  isEarlyAdopter: OptionalBoolean,
  require2FA: OptionalBoolean,
  /** Detail endpoint only: feature flags gate newer endpoints (workflows, Discover datasets). */
  features: z.array(z.string()).nullish(),
  access: z.array(z.string()).nullish(),
  /** `regionUrl` is the host to call for this org on sentry.io (`https://us.sentry.io`); empty on self-hosted. */
  links: z.looseObject({ organizationUrl: OptionalString, regionUrl: OptionalString }).nullish(),
});
export type Organization = z.infer<typeof OrganizationSchema>;
