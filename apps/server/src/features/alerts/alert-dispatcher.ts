/**
 * Turns the store's firings into deliveries and sends them. Two steps, each safe to repeat and to
 * run on several instances at once:
 * 1. pump: read the firings after the newest one already queued and queue one delivery per
 *    action (the outbox ignores a repeat), so a firing survives a crash between the store's commit
 *    and the send;
 * 2. deliver: claim due deliveries under a lease and send them; a failure is retried with
 *    exponential backoff until `maxAttempts`, then dead-lettered with its last error; a failure
 *    that cannot heal (the SSRF guard refused the URL, no SMTP server) is dead-lettered at once.
 * A cycle runs when the store says a batch fired (this instance's ingest), on a timer (firings of
 * other instances, retries coming due), and on demand (tests). Cycles never overlap.
 */
import type { AlertFire, StoreAlertsPort } from '@dexter/store';
import type { PlatformLog } from '../../platform/platform';
import type { AlertDelivery, AlertOutbox, NewDelivery } from './alert-outbox';
import { type AlertDigestPayload, type AlertPayload, isDigest, payloadOf } from './alert-payload';
import { PermanentDeliveryError } from './alert-senders';
import type { AlertSnoozes } from './alert-snoozes';
import { retryDelay } from './retry-backoff';

export interface AlertSenders {
  webhook(url: string, payload: AlertPayload | AlertDigestPayload): Promise<void>;
  email(to: string, payload: AlertPayload): Promise<void>;
  inApp(org: string, payload: AlertPayload): Promise<void>;
}

export interface AlertDispatcherOptions {
  port: StoreAlertsPort;
  outbox: AlertOutbox;
  /** Firings of a rule snoozed when it fired are recorded as `snoozed`, not sent. */
  snoozes?: Pick<AlertSnoozes, 'snapshot'>;
  senders: AlertSenders;
  now: () => number;
  publicUrl: () => string;
  retryBaseMs: number;
  maxAttempts: number;
  pollMs: number;
  log: PlatformLog;
  random?: () => number;
}

const FIRES_PER_READ = 200;
const CLAIMS_PER_ROUND = 20;

export function createAlertDispatcher(options: AlertDispatcherOptions) {
  const { port, outbox, senders, now, log } = options;
  const random = options.random ?? Math.random;
  let cycle: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopUnsubscribe: (() => void) | null = null;

  function deliveriesOf(fire: AlertFire): NewDelivery[] {
    return fire.actions.map((action, index) => ({
      fire_id: fire.id,
      action_index: index,
      kind: action.type,
      target:
        action.type === 'webhook'
          ? action.url
          : action.type === 'email'
            ? action.target.kind === 'address'
              ? action.target.address
              : `member:${action.target.memberId}`
            : '',
      org: fire.org,
      rule_id: fire.ruleId,
      rule_name: fire.ruleName,
      issue_id: fire.issueId,
      payload: JSON.stringify(payloadOf(fire, index, options.publicUrl())),
      next_attempt_at: now(),
      fired_at: fire.firedAt,
    }));
  }

  /**
   * Queues the deliveries of each read of firings in one insert, in firing order. A firing with a
   * digest action first flushes what came before it (its digest row takes its firing id, and the
   * reader resumes after the newest firing queued).
   */
  async function pump(): Promise<void> {
    let after = await outbox.lastQueuedFire();
    for (;;) {
      const fires = await port.firesAfter(after, FIRES_PER_READ);
      if (fires.length === 0) return;
      const snoozed = options.snoozes ? await options.snoozes.snapshot() : () => false;
      const queued: Array<NewDelivery & { status: 'pending' | 'snoozed' }> = [];
      for (const fire of fires) {
        const rows = deliveriesOf(fire);
        if (snoozed(fire.org, fire.metric ? 'metric' : 'issue', String(fire.ruleId), fire.firedAt)) {
          for (const row of rows) queued.push({ ...row, status: 'snoozed' });
          continue;
        }
        const digested = rows.filter((_, i) => digestMinutes(fire, i));
        for (const row of rows) if (!digested.includes(row)) queued.push({ ...row, status: 'pending' });
        if (digested.length === 0) continue;
        await outbox.enqueue(queued.splice(0));
        for (const row of digested) {
          const minutes = digestMinutes(fire, row.action_index)!;
          await outbox.addToDigest(row, JSON.parse(row.payload) as AlertPayload, now(), minutes * 60_000);
        }
      }
      await outbox.enqueue(queued);
      after = fires.at(-1)!.id;
    }
  }

  function digestMinutes(fire: AlertFire, index: number): number | null {
    const action = fire.actions[index];
    return action?.type === 'webhook' && action.digestMinutes ? action.digestMinutes : null;
  }

  async function send(delivery: AlertDelivery, payload: AlertPayload | AlertDigestPayload): Promise<void> {
    if (delivery.kind === 'webhook') return senders.webhook(delivery.target, payload);
    if (isDigest(payload)) throw new PermanentDeliveryError('only webhooks take digests');
    if (delivery.kind === 'in_app') return senders.inApp(delivery.org, payload);
    const to = delivery.target.startsWith('member:')
      ? await port.memberEmail(delivery.org, delivery.target.slice('member:'.length))
      : delivery.target;
    if (!to) throw new PermanentDeliveryError(`member ${delivery.target.slice(7)} has no e-mail address`);
    return senders.email(to, payload);
  }

  /** Sends one delivery: true once sent (settled by the caller with its round), else settled here. */
  async function deliverOne(delivery: AlertDelivery): Promise<boolean> {
    try {
      await send(delivery, JSON.parse(delivery.payload) as AlertPayload | AlertDigestPayload);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentDeliveryError || delivery.attempts >= options.maxAttempts) {
        await outbox.deadLetter(delivery.id, `${message} (after ${delivery.attempts} attempt(s))`);
        log.warn(
          { delivery: delivery.id, kind: delivery.kind, error: message },
          'alert delivery dead-lettered',
        );
      } else {
        await outbox.retryAt(
          delivery.id,
          now() + retryDelay(delivery.attempts, options.retryBaseMs, random()),
          message,
        );
      }
      return false;
    }
  }

  async function deliverDue(): Promise<void> {
    for (;;) {
      const claimed = await outbox.claimDue(now(), CLAIMS_PER_ROUND);
      if (claimed.length === 0) return;
      const sent = await Promise.all(claimed.map(deliverOne));
      await outbox.delivered(
        claimed.filter((_, i) => sent[i]).map((delivery) => delivery.id),
        now(),
      );
    }
  }

  async function runCycle(): Promise<void> {
    do {
      again = false;
      try {
        await pump();
        await deliverDue();
      } catch (error) {
        log.warn({ err: error }, 'alert deliveries: the cycle failed');
      }
    } while (again);
    cycle = null;
    scheduleRetry();
  }

  /** Wakes up for the soonest retry when it comes before the next poll. */
  function scheduleRetry(): void {
    void outbox.nextDue().then(
      (at) => {
        if (at === null || timer === null) return;
        const wait = at - now();
        if (wait < options.pollMs) setTimeout(kick, Math.max(0, wait)).unref();
      },
      () => {},
    );
  }

  function kick(): Promise<void> {
    if (cycle) {
      again = true;
      return cycle;
    }
    cycle = runCycle();
    return cycle;
  }

  return {
    start(): void {
      stopUnsubscribe = port.onFired(() => void kick());
      timer = setInterval(() => void kick(), options.pollMs);
      timer.unref();
      void kick();
    },
    async stop(): Promise<void> {
      stopUnsubscribe?.();
      if (timer) clearInterval(timer);
      timer = null;
      await cycle;
    },
    /** Runs a cycle now (and waits for it). */
    kick,
  };
}
