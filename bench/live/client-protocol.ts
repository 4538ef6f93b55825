/**
 * What the live bench's orchestrator and its client processes say to each other over IPC. Times
 * are epoch milliseconds with sub-millisecond precision (`performance.timeOrigin + now()`), so a
 * latency can be taken across processes of one machine.
 */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** The send time travels in the error message, so every client can take its own latency. */
export const stampedMessage = (sentAt: number) => `LiveBench t=${sentAt.toFixed(3)}`;
export const stampOf = (title: string): number | null => {
  const match = /LiveBench t=(\d+\.\d+)/.exec(title);
  return match ? Number(match[1]) : null;
};

export interface ClientConfig {
  url: string;
  cookie: string;
  clients: number;
  topic: string;
  /** Sockets opened at once while connecting. */
  connectConcurrency: number;
}

export type ToClient = { type: 'phase'; name: string } | { type: 'report' } | { type: 'close' };

export interface PhaseFigures {
  name: string;
  clients: number;
  durationMs: number;
  messages: number;
  countMessages: number;
  /** Sum of the count deltas received (events covered), over all clients. */
  countEvents: number;
  created: number;
  resyncs: number;
  /** Event-to-client latency of each stamped `issue.created` a client received, in ms. */
  latenciesMs: number[];
  /** The send stamp of each of those (same order), to tell the first client from the last. */
  stamps: number[];
  /**
   * This process's event-loop lag over the phase (the most lagging process's, once summed): a
   * client process that lags delays its own receipt times, so high figures here mean the bench's
   * clients, not Dexter, set the tail.
   */
  loopLagMs: { p50: number; p99: number; max: number };
  /** CPU of the most loaded client process over the phase, in cores (one process uses one core). */
  busiestProcessCores: number;
}

export type FromClient =
  | { type: 'ready'; clients: number; connectMs: number; failed: number }
  | { type: 'report'; figures: PhaseFigures }
  | { type: 'error'; message: string };
