/**
 * Sends what the chat outbox holds. Each pass first folds the held messages of routes whose quiet
 * hours or digest period is over into one digest per route, then claims due messages and sends
 * them: a message the receiver took is `delivered`; one that failed for a reason that heals (429,
 * 5xx, unreachable) is due again after a backoff (`RETRY_DELAYS_MS`, at least the `Retry-After`
 * given); one refused for good, or failing its `MAX_ATTEMPTS`th time, is `dead` with its error,
 * which the delivery log shows and an admin may queue again.
 */
import type { DigestPayload } from './chat-digest';
import { ChatDeliveryError, type ChatNotifier, deliveryErrorOf } from './chat-notifier';
import type { ChatDeliveryRow, ChatOutbox, NewChatDelivery } from './chat-outbox';
import { type DigestPeriod, holdUntil } from './chat-schedule';
import type { ChatRouteRow } from './chat-store';

/** Waits before the 2nd, 3rd… attempt; the last one repeats. */
export const RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000];
export const MAX_ATTEMPTS = 8;
/** Messages sent per pass; the next pass takes the rest. */
const CLAIM_BATCH = 25;

export function retryDelayMs(attempts: number, retryAfterSeconds: number | null): number {
  const backoff = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0]!;
  return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
}

const DIGEST_TITLE: Record<DigestPeriod, string> = {
  off: 'quiet hours digest',
  hourly: 'hourly digest',
  daily: 'daily digest',
};

export function createChatDelivery(options: {
  outbox: ChatOutbox;
  notifier: Pick<ChatNotifier, 'postIssueNotification' | 'postDigest' | 'postDirect' | 'updateThread'>;
  routeOf(id: number): Promise<ChatRouteRow | undefined>;
  now: () => number;
  warn(object: object, message: string): void;
}) {
  const { outbox, notifier, now, warn } = options;

  async function send(row: ChatDeliveryRow): Promise<void> {
    const target = { org: row.org, connectionId: row.connection_id, channel: row.channel };
    switch (row.kind) {
      case 'issue':
        return notifier.postIssueNotification(target, row.issue_id ?? '', row.reason);
      case 'status':
        return notifier.updateThread(
          target,
          row.issue_id ?? '',
          (JSON.parse(row.payload) as { by?: string | null }).by ?? null,
        );
      case 'digest':
        return notifier.postDigest(target, JSON.parse(row.payload) as DigestPayload);
      case 'dm':
        return notifier.postDirect(
          target,
          row.issue_id ?? '',
          (JSON.parse(row.payload) as { email: string }).email,
          row.reason,
        );
      default:
        throw new ChatDeliveryError(`a ${String(row.kind)} message cannot be sent here`, false);
    }
  }

  async function settle(row: ChatDeliveryRow): Promise<void> {
    try {
      await send(row);
      await outbox.delivered(row.id);
    } catch (caught) {
      const error = deliveryErrorOf(caught);
      if (!error.retryable || row.attempts >= MAX_ATTEMPTS) {
        await outbox.dead(
          row.id,
          error.retryable ? `${error.message} (after ${row.attempts} attempts)` : error.message,
        );
        warn({ err: caught, delivery: row.id }, 'chat message given up');
      } else {
        await outbox.retryAt(
          row.id,
          now() + retryDelayMs(row.attempts, error.retryAfterSeconds),
          error.message,
        );
      }
    }
  }

  /** Held messages whose hold is over, one digest per route (or per connection and channel). */
  async function foldHeld(): Promise<void> {
    const groups = new Map<string, ChatDeliveryRow[]>();
    for (const row of await outbox.heldDue()) {
      const key = `${row.route_id ?? ''}:${row.connection_id}:${row.channel}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const held of groups.values()) {
      const first = held[0]!;
      const route = first.route_id === null ? undefined : await options.routeOf(first.route_id);
      const payload: DigestPayload = {
        title: DIGEST_TITLE[(route?.digest as DigestPeriod | undefined) ?? 'off'],
        items: held
          .filter((row) => row.issue_id)
          .map((row) => ({ issueId: row.issue_id!, reason: row.reason })),
      };
      await outbox.fold(held, {
        org: first.org,
        connection_id: first.connection_id,
        route_id: first.route_id,
        channel: first.channel,
        kind: 'digest',
        issue_id: null,
        reason: `${payload.title} of ${held.length} ${held.length === 1 ? 'message' : 'messages'}`,
        payload: JSON.stringify(payload),
      });
    }
  }

  return {
    /** Queues a route's message: due now, or held for the route's quiet hours or digest. */
    async enqueueForRoute(route: ChatRouteRow, issueId: string, reason: string): Promise<number> {
      const row: NewChatDelivery = {
        org: route.org,
        connection_id: route.connection_id,
        route_id: route.id,
        channel: route.channel,
        kind: 'issue',
        issue_id: issueId,
        reason,
      };
      const schedule = {
        timeZone: route.quiet_tz,
        quietStart: route.quiet_start,
        quietEnd: route.quiet_end,
        digest: route.digest as DigestPeriod,
      };
      return outbox.enqueue(row, holdUntil(now(), schedule));
    },
    enqueue: (row: NewChatDelivery) => outbox.enqueue(row),

    /** One pass; `all` also takes messages waiting for their retry. Resolves with the number sent or failed. */
    async run(all = false): Promise<number> {
      await foldHeld();
      let tried = 0;
      for (;;) {
        // With `all`, one claim: a message failing again is pending again, and would be claimed forever.
        const rows = await outbox.claimDue(all ? 1_000 : CLAIM_BATCH, all);
        for (const row of rows) await settle(row);
        tried += rows.length;
        if (all || rows.length < CLAIM_BATCH) return tried;
      }
    },
  };
}

export type ChatDelivery = ReturnType<typeof createChatDelivery>;
