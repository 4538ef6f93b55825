/**
 * Messages between the gateway bench and its fixtures process (the "Sentry" store, the timing
 * proxy in front of it and the bare Fastify route), over Node's IPC channel. Commands carry an id;
 * the fixtures answer each with a reply of the same id. Everything the parent reads is parsed.
 */
import { z } from 'zod';

export type FixturesCommand =
  | { type: 'set-latency'; id: number; ms: number }
  | { type: 'forwarded'; id: number }
  | { type: 'take-records'; id: number }
  | { type: 'serve-bare'; id: number; bodyBase64: string }
  | { type: 'stop'; id: number };

export const FixturesInfoSchema = z.object({
  storeUrl: z.string(),
  proxyUrl: z.string(),
  bareUrl: z.string(),
  org: z.string(),
  /** The store's bearer token, which Dexter uses as its SENTRY_TOKEN. */
  token: z.string(),
  projectIds: z.array(z.string()),
  /** Issue ids in seeding order: index i is the i-th bug of the workload. */
  issueIds: z.array(z.string()),
  seedMs: z.number(),
});
export type FixturesInfo = z.infer<typeof FixturesInfoSchema>;

export const ProxyRecordSchema = z.object({
  method: z.string(),
  path: z.string(),
  status: z.number(),
  ms: z.number(),
});

export const FixturesMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), info: FixturesInfoSchema }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({ type: z.literal('reply'), id: z.number(), value: z.unknown() }),
]);
export type FixturesMessage = z.infer<typeof FixturesMessageSchema>;
