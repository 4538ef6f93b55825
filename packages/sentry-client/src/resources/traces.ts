/**
 * Traces: one distributed trace by id (`GET /organizations/{org}/trace/{trace_id}/`, the endpoint
 * Sentry's own trace view reads), the same call for sentry.io and the built-in store.
 */
import { type Trace, type TraceItem, TraceNodeSchema } from '@dexter/sentry-wire';
import { z } from 'zod';
import { apiPath } from '../api-path';
import { parseBody } from '../parse';
import type { CallOptions, Transport, UpstreamRequest, UpstreamResponse } from '../transport';

const RootsSchema = z.array(z.unknown());

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
      const res = await transport(req);
      return parseTree(parseBody(RootsSchema, req, res), req, res);
    },
  };
}

/**
 * Validates the tree node by node with an explicit stack, so neither zod nor this walk recurses
 * as deep as the trace; a bad node is the same schema error as any other body.
 */
function parseTree(roots: unknown[], req: UpstreamRequest, res: UpstreamResponse): Trace {
  const out: Trace = [];
  const stack: Array<{ raw: unknown; into: TraceItem[] }> = roots.map((raw) => ({ raw, into: out }));
  stack.reverse();
  while (stack.length > 0) {
    const { raw, into } = stack.pop()!;
    const parsed = TraceNodeSchema.safeParse(raw);
    const node = parsed.success ? parsed.data : parseBody(TraceNodeSchema, req, { ...res, body: raw });
    const children = node.children ?? [];
    const item: TraceItem = { ...node, children: [] };
    into.push(item);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ raw: children[i], into: item.children! });
  }
  return out;
}
