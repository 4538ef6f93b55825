/**
 * Tags of one issue: `GET /organizations/{org}/issues/{id}/tags/` (every key with its top values;
 * not in the public spec), `…/tags/{key}/` (one key) and `…/tags/{key}/values/` (all values,
 * paged). `key` of a value is the tag key; `name` is Sentry's display label (for `user` values the
 * part after `id:`/`email:`); `totalValues` counts events, `uniqueValues` distinct values.
 */
import { z } from 'zod';
import { OptionalNumber, OptionalString } from './common';

export const IssueTagValueSchema = z.looseObject({
  key: OptionalString,
  name: OptionalString,
  value: z.string().nullable(),
  count: OptionalNumber,
  firstSeen: OptionalString,
  lastSeen: OptionalString,
  /** A search that finds this value, for `user` values (`user.id:"42"`). */
  query: OptionalString,
});
export type IssueTagValue = z.infer<typeof IssueTagValueSchema>;

export const IssueTagSchema = z.looseObject({
  key: z.string(),
  name: OptionalString,
  totalValues: OptionalNumber,
  uniqueValues: OptionalNumber,
  topValues: z.array(IssueTagValueSchema).nullish(),
});
export type IssueTag = z.infer<typeof IssueTagSchema>;
