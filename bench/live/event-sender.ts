/**
 * Open-loop event load for the live bench: envelopes posted to the built-in store's ingest at a
 * fixed rate (ticks every 5 ms send what is due), over a keep-alive pool, whatever the answers
 * take, with at most `maxInFlight` outstanding. Each event's message carries its send time, so
 * clients can take the event-to-client latency; its fingerprint picks the issue it joins.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { preciseNow, stampedMessage } from './client-protocol';

export interface SendPlan {
  ratePerSecond: number;
  durationMs: number;
  /** The fingerprint of the i-th event: a new one per event makes a new issue. */
  fingerprint(index: number): string;
}

export interface SendResult {
  sent: number;
  accepted: number;
  rejected: number;
  durationMs: number;
  /**
   * Send to answer of each accepted event: the store answers after the event is committed, which
   * is also when its live notification leaves, so this is the ingest's share of the latency.
   */
  ackMs: number[];
}

export function createEventSender(dsn: string) {
  const url = new URL(dsn);
  const projectId = url.pathname.replace(/^\//, '');
  const pool = new Pool(url.origin, { connections: 256, pipelining: 1 });
  const path = `/api/${projectId}/envelope/?sentry_version=7&sentry_key=${url.username}&sentry_client=live-bench/1.0`;

  const envelope = (fingerprint: string) => {
    const eventId = randomUUID().replace(/-/g, '');
    const event = {
      event_id: eventId,
      timestamp: Date.now() / 1000,
      platform: 'node',
      level: 'error',
      fingerprint: [fingerprint],
      exception: {
        values: [
          {
            type: 'Error',
            value: stampedMessage(preciseNow()),
            stacktrace: {
              frames: [{ filename: '/app/bench.js', function: 'tick', lineno: 1, in_app: true }],
            },
          },
        ],
      },
    };
    return [
      JSON.stringify({ event_id: eventId }),
      JSON.stringify({ type: 'event' }),
      JSON.stringify(event),
    ].join('\n');
  };

  return {
    async run(plan: SendPlan, maxInFlight = 256): Promise<SendResult> {
      const started = preciseNow();
      const result: SendResult = { sent: 0, accepted: 0, rejected: 0, durationMs: 0, ackMs: [] };
      const inFlight = new Set<Promise<void>>();
      while (preciseNow() - started < plan.durationMs) {
        const due = Math.floor(((preciseNow() - started) / 1000) * plan.ratePerSecond);
        while (result.sent < due && inFlight.size < maxInFlight) {
          const body = envelope(plan.fingerprint(result.sent));
          const sentAt = preciseNow();
          result.sent += 1;
          const request = pool
            .request({
              method: 'POST',
              path,
              body,
              headers: { 'content-type': 'application/x-sentry-envelope' },
            })
            .then(async (response) => {
              await response.body.dump();
              if (response.statusCode === 200) {
                result.accepted += 1;
                result.ackMs.push(preciseNow() - sentAt);
              } else result.rejected += 1;
            })
            .catch(() => {
              result.rejected += 1;
            })
            .finally(() => inFlight.delete(request));
          inFlight.add(request);
        }
        await sleep(5);
      }
      await Promise.all(inFlight);
      result.durationMs = preciseNow() - started;
      return result;
    },
    close: () => pool.close(),
  };
}
