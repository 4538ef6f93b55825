/**
 * The browser's live connection as a state machine: a reducer over a discriminated union of
 * actions (STYLE habit 8). The socket code only dispatches; what the indicator shows, how long the
 * next reconnect waits and where a resume starts all follow from this state.
 *
 * Resume: `stream`/`lastSeq` say where this tab left off. After a reconnect to the same stream the
 * client subscribes with `since` and the server replays; a different stream answers `resync`.
 */
import { LIVE_CLOSE_SIGNED_OUT } from '@dexter/contracts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'signed-out';

export interface LiveState {
  status: LiveStatus;
  /** Failed connection attempts in a row (drives the back-off). */
  attempt: number;
  stream: string | null;
  lastSeq: number;
  /** Why the upstream is degraded, or null when it is healthy. */
  degraded: string | null;
}

export type LiveAction =
  | { type: 'connect' }
  | { type: 'hello'; stream: string; seq: number }
  | { type: 'seq'; seq: number }
  | { type: 'degraded'; reason: string | null }
  | { type: 'closed'; code: number }
  | { type: 'offline' };

export const initialLiveState: LiveState = {
  status: 'connecting',
  attempt: 0,
  stream: null,
  lastSeq: 0,
  degraded: null,
};

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'connect':
      return {
        ...state,
        status: state.attempt === 0 && state.stream === null ? 'connecting' : 'reconnecting',
      };
    case 'hello':
      return {
        ...state,
        status: 'live',
        attempt: 0,
        stream: action.stream,
        // Same stream: keep our position, the replay moves it. New stream: its resyncs start over.
        lastSeq: action.stream === state.stream ? state.lastSeq : action.seq,
      };
    case 'seq':
      return action.seq > state.lastSeq ? { ...state, lastSeq: action.seq } : state;
    case 'degraded':
      return { ...state, degraded: action.reason };
    case 'closed':
      if (action.code === LIVE_CLOSE_SIGNED_OUT) return { ...state, status: 'signed-out' };
      return { ...state, status: 'reconnecting', attempt: state.attempt + 1 };
    case 'offline':
      return { ...state, status: 'offline' };
  }
}

/** Capped exponential back-off with jitter: 0.5 s, 1 s, 2 s... up to 30 s. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}
