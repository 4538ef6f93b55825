/**
 * A Sentry user as embedded in members (`user`), activity entries (`user`) and resolution details
 * (`statusDetails.actor`). Only the identity is required; the rest varies by version.
 */
import { z } from 'zod';
import { IdSchema, OptionalBoolean, OptionalString } from './common';

export const SentryUserSchema = z.looseObject({
  id: IdSchema,
  name: OptionalString,
  username: OptionalString,
  email: OptionalString,
  avatarUrl: OptionalString,
  isActive: OptionalBoolean,
});
export type SentryUser = z.infer<typeof SentryUserSchema>;
