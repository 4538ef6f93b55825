/** Builders for hand-made ingest requests in tests: envelopes as `@sentry/core` serializes them. */
import { randomUUID } from 'node:crypto';

export const newEventId = () => randomUUID().replace(/-/g, '');

export interface TestEventOptions {
  eventId?: string;
  type?: string;
  value?: string;
  fingerprint?: string[];
  userId?: string;
  functionName?: string;
  extra?: Record<string, unknown>;
  /** Replaces `{id: userId}` when set. */
  user?: Record<string, string>;
  release?: string | null;
  /** `production` unless set; null leaves it out. */
  environment?: string | null;
  level?: string;
  tags?: Record<string, string>;
  /** Epoch milliseconds; defaults to now. */
  at?: number;
}

export function testEvent(options: TestEventOptions = {}) {
  return {
    event_id: options.eventId ?? newEventId(),
    timestamp: (options.at ?? Date.now()) / 1000,
    platform: 'node',
    level: options.level ?? 'error',
    ...(options.environment === null ? {} : { environment: options.environment ?? 'production' }),
    ...(options.release === null ? {} : { release: options.release ?? 'app@1.0.0' }),
    ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
    ...(options.userId ? { user: { id: options.userId } } : {}),
    ...(options.user ? { user: options.user } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.extra ? { extra: options.extra } : {}),
    exception: {
      values: [
        {
          type: options.type ?? 'Error',
          value: options.value ?? 'something broke',
          mechanism: { type: 'generic', handled: true },
          stacktrace: {
            frames: [
              { filename: '/app/src/server.js', function: 'handle', lineno: 10, colno: 3, in_app: true },
              {
                filename: '/app/src/orders.js',
                function: options.functionName ?? 'loadOrders',
                lineno: 42,
                colno: 7,
                in_app: true,
              },
            ],
          },
        },
      ],
    },
  };
}

/** `JSON(headers)\nJSON(itemHeaders)\npayload`, no trailing newline, no `length`: what @sentry/core writes. */
export function envelopeOf(event: { event_id: string }, headers: Record<string, unknown> = {}): string {
  return [
    JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString(), ...headers }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(event),
  ].join('\n');
}

export function postEnvelope(
  url: string,
  projectId: string,
  publicKey: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(
    `${url}/api/${projectId}/envelope/?sentry_version=7&sentry_key=${publicKey}&sentry_client=test/1.0`,
    {
      method: 'POST',
      // Node's fetch takes Buffers; the DOM typing of BodyInit does not say so.
      body: body as BodyInit,
      headers,
    },
  );
}
