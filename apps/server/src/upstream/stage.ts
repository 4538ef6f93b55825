/**
 * A pipeline stage wraps the transport below it and is a transport itself. The upstream pipeline
 * is these stages composed in one place (`pipeline.ts`), outermost first:
 * known operation -> cache -> singleflight -> rate budget -> circuit breaker -> retry -> metering -> undici.
 */
import type { Transport } from '@dexter/sentry-client';

export type Stage = (next: Transport) => Transport;

export const composeStages = (stages: readonly Stage[], transport: Transport): Transport =>
  stages.reduceRight<Transport>((next, stage) => stage(next), transport);
