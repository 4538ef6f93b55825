/**
 * Route notifications that failed for a reason that heals (Slack or Teams rate-limited, answered
 * 5xx, unreachable) are tried again with backoff (at least the `Retry-After` given) instead of
 * being dropped. Bounded: at most `MAX_PENDING` wait (the oldest is dropped, with a warning) and
 * each is tried `MAX_ATTEMPTS` times. Held in memory: a restart forgets them (a durable outbox is
 * what alert actions use).
 */
import { ChatDeliveryError, type ChatTarget } from './chat-notifier';

export const RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 300_000, 900_000];
export const MAX_PENDING = 500;

interface Pending {
  target: ChatTarget;
  issueId: string;
  reason: string;
  attempts: number;
  dueAt: number;
}

export function createNotificationRetries(options: {
  send(target: ChatTarget, issueId: string, reason: string): Promise<void>;
  now: () => number;
  warn(object: object, message: string): void;
}) {
  const pending: Pending[] = [];

  function schedule(item: Omit<Pending, 'dueAt'>, error: ChatDeliveryError) {
    if (item.attempts >= RETRY_DELAYS_MS.length + 1) {
      options.warn({ err: error, issueId: item.issueId }, 'chat notification given up after retries');
      return;
    }
    const delay = Math.max(RETRY_DELAYS_MS[item.attempts - 1] ?? 0, (error.retryAfterSeconds ?? 0) * 1000);
    if (pending.length >= MAX_PENDING) {
      const dropped = pending.shift()!;
      options.warn({ issueId: dropped.issueId }, 'chat notification dropped: too many waiting for a retry');
    }
    pending.push({ ...item, dueAt: options.now() + delay });
  }

  async function attempt(item: Omit<Pending, 'dueAt'>): Promise<void> {
    try {
      await options.send(item.target, item.issueId, item.reason);
    } catch (error) {
      if (error instanceof ChatDeliveryError && error.retryable) schedule(item, error);
      else throw error;
    }
  }

  return {
    /** A first try; a retryable failure is kept for later, others are thrown. */
    send: (target: ChatTarget, issueId: string, reason: string) =>
      attempt({ target, issueId, reason, attempts: 1 }),
    /** Tries again what is due (everything when `all`); resolves with the number tried. */
    async runDue(all = false): Promise<number> {
      const at = options.now();
      const due = pending.filter((item) => all || item.dueAt <= at);
      for (const item of due) pending.splice(pending.indexOf(item), 1);
      for (const item of due) {
        await attempt({ ...item, attempts: item.attempts + 1 }).catch((error: unknown) =>
          options.warn({ err: error, issueId: item.issueId }, 'chat notification failed'),
        );
      }
      return due.length;
    },
    size: () => pending.length,
  };
}
