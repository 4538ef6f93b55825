/**
 * Building blocks shared by the lenient response schemas.
 *
 * "Assume every field may be missing": Sentry's serializers vary by version, by self-hosted vs
 * sentry.io, by `expand`/`collapse`, and by feature flags, and Dexter's own built-in store serves
 * the same paths. So schemas require only identity fields, declare the rest `nullish`, keep unknown
 * keys (`z.looseObject`), and turn ids into strings whichever way they arrive, because Sentry
 * sends the same id as `"42"` in one payload and `42` in another (`projectId` on client keys).
 */
import { z } from 'zod';

/** An id sent as a string or a number, always read as a string. */
export const IdSchema = z.union([z.string(), z.number()]).transform(String);

/** Sentry sends counts as strings (they can exceed 2^53 in theory); keep them as strings. */
export const CountSchema = z.union([z.string(), z.number()]).transform(String);

export const OptionalString = z.string().nullish();
export const OptionalNumber = z.number().nullish();
export const OptionalBoolean = z.boolean().nullish();

/** The `{id, slug, name}` reference to a project embedded in issues and events. */
export const ProjectRefSchema = z.looseObject({
  id: IdSchema.nullish(),
  slug: OptionalString,
  name: OptionalString,
  platform: OptionalString,
});
export type ProjectRef = z.infer<typeof ProjectRefSchema>;

/** `[{key, value}]`: Sentry's Web API sends tags as objects, not as the SDK's pairs. */
export const TagSchema = z.looseObject({
  key: z.string(),
  value: z.string().nullish(),
  query: OptionalString,
});
export type Tag = z.infer<typeof TagSchema>;
