/**
 * "View trace" for an error event that carries `contexts.trace.trace_id`: the one way into the
 * trace view from an issue. Renders nothing for an event without a trace.
 */
import { Anchor } from '@mantine/core';
import { Link } from 'react-router-dom';
import { tracePath } from './traces-queries';

export function traceIdOf(contexts: Record<string, unknown>): string | null {
  const trace = contexts.trace;
  if (typeof trace !== 'object' || trace === null) return null;
  const id = (trace as { trace_id?: unknown }).trace_id;
  return typeof id === 'string' && /^[0-9a-fA-F]{32}$/.test(id) ? id.toLowerCase() : null;
}

/**
 * A link to the event's trace that opens on the span the error happened in, or null (a
 * KeyValueTable row with it then stays hidden).
 */
export function traceLinkFor(org: string, event: { id: string; contexts: Record<string, unknown> }) {
  const traceId = traceIdOf(event.contexts);
  if (traceId === null) return null;
  return (
    <Anchor
      component={Link}
      to={`${tracePath(org, traceId)}?event=${encodeURIComponent(event.id)}`}
      size="sm"
    >
      View trace
    </Anchor>
  );
}
