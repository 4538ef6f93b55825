import { z } from 'zod';

export const SecretNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -');

/** A stored secret as anyone can see it: never its value. */
export const SecretSummarySchema = z.object({
  name: z.string(),
  url: z.string().nullable(),
  updatedAt: z.string(),
});
export type SecretSummary = z.infer<typeof SecretSummarySchema>;

export const SecretListSchema = z.object({ secrets: z.array(SecretSummarySchema) });
export type SecretList = z.infer<typeof SecretListSchema>;

export const SecretPutSchema = z.object({
  value: z.string().min(1).max(8192),
  /** The service the secret is for (an integration's base URL); checked by the SSRF guard. */
  url: z.url().max(2000).optional(),
});
export type SecretPut = z.infer<typeof SecretPutSchema>;
