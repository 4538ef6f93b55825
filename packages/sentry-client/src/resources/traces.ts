/**
 * Traces: one distributed trace by id (`GET /organizations/{org}/trace/{trace_id}/`, the endpoint
 * Sentry's own trace view reads), the same call for sentry.io and the built-in store.
 */
import { type Trace, TraceSchema } from '@dexter/sentry-wire';
import { apiPath } from '../api-path';
import { parseBody } from '../parse';
import type { CallOptions, Transport, UpstreamRequest } from '../transport';

export interface TraceParams {
  /** `14d` and similar; Sentry searches this far back for the trace's items. */
  statsPeriod?: string;
  /** An error of the trace the answer must include (Sentry's `errorId`). */
  errorId?: string;
  /** Span attributes to fill each span's `additional_attributes` with (Sentry's EAP names). */
  additionalAttributes?: readonly string[];
}

export function tracesResource(transport: Transport) {
  return {
    async get(
      org: string,
      traceId: string,
      params: TraceParams = {},
      options: CallOptions = {},
    ): Promise<Trace> {
      const req: UpstreamRequest = {
        operation: 'traces.get',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/trace/${traceId}/`,
        query: {
          statsPeriod: params.statsPeriod,
          errorId: params.errorId,
          additional_attributes: params.additionalAttributes,
        },
        signal: options.signal,
        priority: options.priority,
      };
      return parseBody(TraceSchema, req, await transport(req));
    },
  };
}
