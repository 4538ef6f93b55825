/**
 * The one live socket of a browser tab, outside React: it connects to `/api/v1/live` (the session
 * cookie authenticates the upgrade), keeps the topics components asked for (reference-counted),
 * re-subscribes them after a reconnect with `since` so the server can replay what was missed, and
 * reconnects with capped, jittered back-off. Every message is parsed with the shared contract;
 * one that does not parse is ignored. State changes go through `liveReducer`.
 */
import { type LiveClientMessage, type LiveServerMessage, LiveServerMessageSchema } from '@dexter/contracts';
import {
  initialLiveState,
  type LiveAction,
  type LiveState,
  liveReducer,
  reconnectDelayMs,
} from './live-state';

export type LiveListener = (message: LiveServerMessage) => void;

export function liveSocketUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
}

export function createLiveClient(url: string) {
  let state: LiveState = initialLiveState;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = true;
  const topics = new Map<string, number>();
  const listeners = new Set<LiveListener>();
  const stateListeners = new Set<() => void>();

  const dispatch = (action: LiveAction) => {
    const next = liveReducer(state, action);
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener();
  };
  const send = (message: LiveClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  function receive(message: LiveServerMessage, resumeFrom: { stream: string; seq: number } | null) {
    if (message.type === 'hello') {
      dispatch({ type: 'hello', stream: message.stream, seq: message.seq });
      for (const topic of topics.keys()) {
        send({ type: 'subscribe', topic, ...(resumeFrom ? { since: resumeFrom } : {}) });
      }
    } else if ('seq' in message) {
      dispatch({ type: 'seq', seq: message.seq });
    }
    if (message.type === 'upstream.degraded') {
      dispatch({ type: 'degraded', reason: message.degraded ? (message.reason ?? 'degraded') : null });
    }
    for (const listener of listeners) listener(message);
  }

  function connect(): void {
    clearTimeout(timer);
    if (stopped) return;
    dispatch({ type: 'connect' });
    const resumeFrom = state.stream ? { stream: state.stream, seq: state.lastSeq } : null;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onmessage = (event) => {
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = LiveServerMessageSchema.safeParse(json);
      if (parsed.success) receive(parsed.data, resumeFrom);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (stopped) return;
      dispatch({ type: 'closed', code: event.code });
      if (state.status === 'reconnecting') timer = setTimeout(connect, reconnectDelayMs(state.attempt));
    };
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      connect();
    },
    stop(): void {
      stopped = true;
      clearTimeout(timer);
      socket?.close(1000);
      socket = null;
    },
    /** Reconnects at once (the browser came back online); no-op while connected. */
    reconnectNow(): void {
      if (!stopped && socket === null) connect();
    },
    offline(): void {
      dispatch({ type: 'offline' });
    },
    /** Keeps `topic` subscribed until every caller has released it. */
    subscribe(topic: string): () => void {
      const count = topics.get(topic) ?? 0;
      topics.set(topic, count + 1);
      if (count === 0) send({ type: 'subscribe', topic });
      return () => {
        const left = (topics.get(topic) ?? 1) - 1;
        if (left > 0) return void topics.set(topic, left);
        topics.delete(topic);
        send({ type: 'unsubscribe', topic });
      };
    },
    listen(listener: LiveListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: (): LiveState => state,
    onState(listener: () => void): () => void {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}

export type LiveClient = ReturnType<typeof createLiveClient>;
