/**
 * Organization members (`GET /organizations/{org}/members/`) and teams (`GET
 * /organizations/{org}/teams/`), the assignee picker's sources. `assignedTo: "user:<id>"` takes the
 * member's `user.id` (not the member `id`), `"team:<id>"` the team `id`. A pending invite has
 * `user: null`.
 */
import { z } from 'zod';
import { IdSchema, OptionalBoolean, OptionalNumber, OptionalString, ProjectRefSchema } from './common';
import { SentryUserSchema } from './user';

export const MemberSchema = z.looseObject({
  id: IdSchema,
  email: OptionalString,
  name: OptionalString,
  user: SentryUserSchema.nullish(),
  orgRole: OptionalString,
  pending: OptionalBoolean,
  expired: OptionalBoolean,
  dateCreated: OptionalString,
});
export type Member = z.infer<typeof MemberSchema>;

export const TeamSchema = z.looseObject({
  id: IdSchema,
  slug: z.string(),
  name: OptionalString,
  dateCreated: OptionalString,
  isMember: OptionalBoolean,
  memberCount: OptionalNumber,
  hasAccess: OptionalBoolean,
  /** Absent with `detailed=0`. */
  projects: z.array(ProjectRefSchema).nullish(),
});
export type Team = z.infer<typeof TeamSchema>;
