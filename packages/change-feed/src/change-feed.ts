/**
 * The change feed port and its in-process implementation. Sources publish; subscribers (cache
 * invalidation, live updates, similarity indexing, and soon alert evaluation) listen, each to the
 * change types it names. A transport, when given, carries every change to the other instances and
 * brings theirs back.
 *
 * Invariants:
 * - every `invalidate` listener has finished before any `react` listener hears of a change, so a
 *   client told of a change and refetching reads the new state;
 * - a listener's failure is reported and never stops the others or the publisher;
 * - changes from other instances reach only listeners that asked for them (`remote: true`) and
 *   never reach `invalidate` listeners: the instance that published has done that already, on
 *   the cache all instances share;
 * - `stack` never crosses instances (large, and only the local store's similarity index uses it).
 */
import type { Change, ChangeType } from './change';

export interface ChangeMeta {
  /** False for a change published on another instance. */
  local: boolean;
}

export type ChangeListener<C extends Change = Change> = (change: C, meta: ChangeMeta) => void | Promise<void>;

export interface SubscribeOptions<T extends ChangeType> {
  /** The change types to hear; all when omitted. */
  types?: readonly T[];
  /** `invalidate` listeners are awaited before `react` listeners run. Default `react`. */
  stage?: 'invalidate' | 'react';
  /** Also hear changes other instances published (react stage only). Default false. */
  remote?: boolean;
}

/** How changes cross instances (Redis pub/sub); absent on one machine. */
export interface ChangeTransport {
  send(change: Change): Promise<void>;
  /** `receive` gets other instances' changes; `gap` is called when some may have been lost. */
  listen(receive: (change: Change) => void, gap: () => void): void;
  state(): 'connected' | 'down';
  close(): Promise<void>;
}

/** Where changes come from: what the store (and any other source package) exports. */
export interface ChangeSource {
  subscribe<T extends ChangeType = ChangeType>(
    listener: ChangeListener<Extract<Change, { type: T }>>,
    options?: SubscribeOptions<T>,
  ): () => void;
}

export interface ChangeFeed extends ChangeSource {
  /** Resolves once invalidation is done and the reacting listeners have been called. */
  publish(change: Change): Promise<void>;
  /** Called when changes from other instances may have been lost (the transport recovered). */
  onGap(listener: () => void): () => void;
  /** `local`: no transport; `connected`/`down`: whether changes cross instances right now. */
  state(): 'local' | 'connected' | 'down';
  /** Waits for publishing and asynchronous listeners in flight (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  transport?: ChangeTransport;
  onError(error: unknown, change: Change): void;
}

interface Subscription {
  listener: ChangeListener;
  types: ReadonlySet<ChangeType> | null;
  stage: 'invalidate' | 'react';
  remote: boolean;
}

const withoutStack = (change: Change): Change => {
  if (!('stack' in change) || change.stack === undefined) return change;
  const { stack: _dropped, ...rest } = change;
  return rest;
};

export function createChangeFeed({ transport, onError }: ChangeFeedOptions): ChangeFeed {
  const subscriptions = new Set<Subscription>();
  const gapListeners = new Set<() => void>();
  const inFlight = new Set<Promise<unknown>>();

  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const hears = (subscription: Subscription, change: Change) =>
    subscription.types === null || subscription.types.has(change.type);

  function react(change: Change, meta: ChangeMeta): void {
    for (const subscription of subscriptions) {
      if (subscription.stage !== 'react' || !hears(subscription, change)) continue;
      if (!meta.local && !subscription.remote) continue;
      try {
        const result = subscription.listener(change, meta);
        if (result instanceof Promise) track(result.catch((error: unknown) => onError(error, change)));
      } catch (error) {
        onError(error, change);
      }
    }
  }

  async function publish(change: Change): Promise<void> {
    const invalidations: Promise<void>[] = [];
    for (const subscription of subscriptions) {
      if (subscription.stage !== 'invalidate' || !hears(subscription, change)) continue;
      invalidations.push(
        (async () => subscription.listener(change, { local: true }))().catch((error: unknown) =>
          onError(error, change),
        ),
      );
    }
    if (invalidations.length > 0) await Promise.all(invalidations);
    react(change, { local: true });
    if (transport)
      await transport.send(withoutStack(change)).catch((error: unknown) => onError(error, change));
  }

  transport?.listen(
    (change) => react(change, { local: false }),
    () => {
      for (const listener of gapListeners) listener();
    },
  );

  return {
    publish(change) {
      const work = publish(change);
      track(work);
      return work;
    },
    subscribe(listener, options = {}) {
      const subscription: Subscription = {
        listener: listener as ChangeListener,
        types: options.types ? new Set(options.types) : null,
        stage: options.stage ?? 'react',
        remote: options.remote ?? false,
      };
      subscriptions.add(subscription);
      return () => subscriptions.delete(subscription);
    },
    onGap(listener) {
      gapListeners.add(listener);
      return () => gapListeners.delete(listener);
    },
    state: () => (transport ? transport.state() : 'local'),
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    async close() {
      await this.idle();
      subscriptions.clear();
      gapListeners.clear();
      await transport?.close();
    },
  };
}
