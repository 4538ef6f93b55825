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
  snoozes?: Pick<AlertSnoozes, 'snoozedAt'>;
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

  async function pump(): Promise<void> {
    let after = await outbox.lastQueuedFire();
    for (;;) {
      const fires = await port.firesAfter(after, FIRES_PER_READ);
      if (fires.length === 0) return;
      for (const fire of fires) {
        const rows = deliveriesOf(fire);
        const kind = fire.metric ? 'metric' : 'issue';
        if (await options.snoozes?.snoozedAt(fire.org, kind, String(fire.ruleId), fire.firedAt)) {
          await outbox.enqueue(rows, 'snoozed');
          continue;
        }
        const immediate = rows.filter((_, i) => !digestMinutes(fire, i));
        await outbox.enqueue(immediate);
        for (const [i, row] of rows.entries()) {
          const minutes = digestMinutes(fire, i);
          if (minutes)
            await outbox.addToDigest(row, JSON.parse(row.payload) as AlertPayload, now(), minutes * 60_000);
        }
      }
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

  async function deliverOne(delivery: AlertDelivery): Promise<void> {
    try {
      await send(delivery, JSON.parse(delivery.payload) as AlertPayload | AlertDigestPayload);
      await outbox.delivered(delivery.id, now());
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
    }
  }

  async function deliverDue(): Promise<void> {
    for (;;) {
      const claimed = await outbox.claimDue(now(), CLAIMS_PER_ROUND);
      if (claimed.length === 0) return;
      await Promise.all(claimed.map(deliverOne));
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
