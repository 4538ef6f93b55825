/**
 * The demo's session replay: a storefront checkout recorded once by the real `@sentry/browser`
 * SDK in Chromium (`capture-demo-replay.ts` wrote `demo-replay.json`), in which "Pay now" throws.
 * Seeding sends it to the store as the SDK did, through the envelope endpoint: the error event
 * tagged with the replay (as the SDK tags it) and the replay segment naming the error, its rrweb
 * events zlib-compressed as the SDK's worker sends them. Ids are new and every time is moved so
 * the session ended a few minutes ago; nothing else of the recording changes (its text stays
 * masked as the SDK masked it).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const ENDED_MS_AGO = 5 * 60_000;

interface Captured {
  replayStartMs: number;
  replayEvent: Record<string, unknown>;
  error: Record<string, unknown>;
  events: Array<Record<string, unknown>>;
}

const newId = () => randomUUID().replaceAll('-', '');

/** The rrweb events with their times moved by `deltaMs`: ms on the event, seconds in SDK payloads. */
export function shiftRecording(
  events: ReadonlyArray<Record<string, unknown>>,
  deltaMs: number,
): Array<Record<string, unknown>> {
  return events.map((event) => {
    const moved: Record<string, unknown> = { ...event, timestamp: Number(event.timestamp) + deltaMs };
    const data = event.data as { payload?: Record<string, unknown> } | undefined;
    if (data?.payload && typeof data.payload === 'object') {
      const payload = { ...data.payload };
      for (const key of ['timestamp', 'startTimestamp', 'endTimestamp']) {
        if (typeof payload[key] === 'number') payload[key] = (payload[key] as number) + deltaMs / 1000;
      }
      moved.data = { ...data, payload };
    }
    return moved;
  });
}

/** The two envelopes (error first, then the replay) as the SDK sends them. */
export function demoReplayEnvelopes(now: number): { replayId: string; errorId: string; bodies: Buffer[] } {
  const captured = JSON.parse(
    readFileSync(new URL('./demo-replay.json', import.meta.url), 'utf8'),
  ) as Captured;
  const events = captured.events;
  const lastMs = Math.max(...events.map((event) => Number(event.timestamp)));
  const deltaMs = now - ENDED_MS_AGO - lastMs;
  const seconds = (value: unknown) => Number(value) + deltaMs / 1000;
  const replayId = newId();
  const errorId = newId();
  const sentAt = new Date(now).toISOString();

  const error = {
    ...captured.error,
    event_id: errorId,
    timestamp: seconds(captured.error.timestamp),
    tags: { ...(captured.error.tags as object), replayId },
    breadcrumbs: ((captured.error.breadcrumbs as Array<Record<string, unknown>> | undefined) ?? []).map(
      (crumb) => ({ ...crumb, timestamp: seconds(crumb.timestamp) }),
    ),
  };
  const errorBody = [
    JSON.stringify({ event_id: errorId, sent_at: sentAt }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(error),
  ].join('\n');

  const replayEvent = {
    ...captured.replayEvent,
    event_id: replayId,
    replay_id: replayId,
    segment_id: 0,
    replay_start_timestamp: seconds(captured.replayEvent.replay_start_timestamp),
    timestamp: (lastMs + deltaMs) / 1000,
    error_ids: [errorId],
  };
  const recording = Buffer.concat([
    Buffer.from(`${JSON.stringify({ segment_id: 0 })}\n`),
    deflateSync(JSON.stringify(shiftRecording(events, deltaMs))),
  ]);
  const replayBody = Buffer.concat([
    Buffer.from(
      `${JSON.stringify({ event_id: replayId, sent_at: sentAt })}\n${JSON.stringify({ type: 'replay_event' })}\n${JSON.stringify(replayEvent)}\n`,
    ),
    Buffer.from(`${JSON.stringify({ type: 'replay_recording', length: recording.length })}\n`),
    recording,
  ]);
  return { replayId, errorId, bodies: [Buffer.from(errorBody), replayBody] };
}

/** Sends the demo replay to a project of the store (its DSN); resolves once both are stored. */
export async function sendDemoReplay(dsn: string, now = Date.now()): Promise<string> {
  const url = new URL(dsn);
  const projectId = url.pathname.replace(/^\//, '');
  const endpoint = `${url.protocol}//${url.host}/api/${projectId}/envelope/?sentry_version=7&sentry_key=${url.username}`;
  const { replayId, bodies } = demoReplayEnvelopes(now);
  for (const body of bodies) {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-sentry-envelope' },
      body: new Uint8Array(body),
    });
    if (!res.ok) throw new Error(`demo replay: the store answered ${res.status}: ${await res.text()}`);
  }
  return replayId;
}
