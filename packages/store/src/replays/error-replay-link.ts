/**
 * Which replay an error event happened in: `contexts.replay.replay_id` (mobile SDKs), else the
 * `replayId` tag (the JavaScript SDK, js `coreHandlers/handleGlobalEvent.ts`), checked to be a
 * UUID, as Sentry's `process_replay_link` reads it. Runs in the ingest workers on the raw event
 * items; an event that does not mention a replay is not parsed a second time.
 */
import type { EnvelopeItem } from '../ingest/envelope/envelope';
import { asRecord } from '../ingest/normalize/coerce';
import { hex32 } from './replay-items';

export interface ErrorReplayLink {
  eventId: string;
  replayId: string;
}

const REPLAY = Buffer.from('eplay');

export function errorReplayLinksOf(
  items: readonly EnvelopeItem[],
  headerEventId?: string,
): ErrorReplayLink[] {
  const links: ErrorReplayLink[] = [];
  for (const item of items) {
    if (item.headers.type !== 'event' || !item.payload.includes(REPLAY)) continue;
    let event: Record<string, unknown> | null;
    try {
      event = asRecord(JSON.parse(item.payload.toString('utf8')));
    } catch {
      continue; // The event's own parse reports it.
    }
    if (event === null) continue;
    const eventId = hex32(event.event_id) ?? hex32(headerEventId);
    const replayId = replayIdOf(event);
    if (eventId !== null && replayId !== null) links.push({ eventId, replayId });
  }
  return links;
}

export function replayIdOf(event: Record<string, unknown>): string | null {
  const fromContext = hex32(asRecord(asRecord(event.contexts)?.replay)?.replay_id);
  if (fromContext !== null) return fromContext;
  const tags = event.tags;
  if (Array.isArray(tags)) {
    for (const pair of tags) {
      if (Array.isArray(pair) && pair[0] === 'replayId') return hex32(pair[1]);
    }
    return null;
  }
  return hex32(asRecord(tags)?.replayId);
}
