/**
 * Issue events: list items of `GET /api/0/organizations/{org}/issues/{id}/events/` and the detail
 * of `…/events/{eventId}/` (`latest`, `oldest`, `recommended` or a hex id).
 *
 * `entries` stays loosely typed (`{type, data}`): Sentry's own spec types it `array<any>` and the
 * set of entry types grows. Read entries through the typed helpers in `event-entries.ts`. The list
 * carries `entries` only when called with `full=true`.
 */
import { z } from 'zod';
import { IdSchema, OptionalNumber, OptionalString, TagSchema } from './common';

export const EntrySchema = z.looseObject({ type: z.string(), data: z.unknown().optional() });
export type Entry = z.infer<typeof EntrySchema>;

/** The Web API's user interface: note `ip_address` stays snake_case here, unlike frames. */
export const EventUserSchema = z.looseObject({
  id: IdSchema.nullish(),
  email: OptionalString,
  username: OptionalString,
  ip_address: OptionalString,
  name: OptionalString,
  geo: z.record(z.string(), z.unknown()).nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

const eventCommon = {
  id: IdSchema,
  eventID: OptionalString,
  groupID: IdSchema.nullish(),
  projectID: IdSchema.nullish(),
  title: OptionalString,
  message: OptionalString,
  location: OptionalString,
  culprit: OptionalString,
  platform: OptionalString,
  dateCreated: OptionalString,
  user: EventUserSchema.nullish(),
  tags: z.array(TagSchema).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  entries: z.array(EntrySchema).nullish(),
};

export const EventListItemSchema = z.looseObject({
  ...eventCommon,
  'event.type': OptionalString,
  crashFile: OptionalString,
});
export type EventListItem = z.infer<typeof EventListItemSchema>;

export const EventSchema = z.looseObject({
  ...eventCommon,
  type: OptionalString,
  dateReceived: OptionalString,
  size: OptionalNumber,
  dist: OptionalString,
  release: z.looseObject({ version: OptionalString, shortVersion: OptionalString }).nullish(),
  contexts: z.record(z.string(), z.unknown()).nullish(),
  sdk: z.looseObject({ name: OptionalString, version: OptionalString }).nullish(),
  fingerprints: z.array(z.string()).nullish(),
  errors: z.array(z.looseObject({ type: OptionalString, message: OptionalString })).nullish(),
  nextEventID: OptionalString,
  previousEventID: OptionalString,
});
export type Event = z.infer<typeof EventSchema>;
