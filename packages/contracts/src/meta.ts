import { z } from 'zod';

/** What the web app needs to know before its first real call. */
export const MetaSchema = z.object({
  mode: z.enum(['standalone', 'companion']),
  defaultOrg: z.string().nullable(),
  version: z.string(),
});
export type Meta = z.infer<typeof MetaSchema>;
