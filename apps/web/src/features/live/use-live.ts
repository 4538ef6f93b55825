/** React access to the live socket: its state, and the messages of a topic while mounted. */
import type { LiveServerMessage } from '@dexter/contracts';
import { useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import { LiveContext } from './LiveProvider';
import { initialLiveState, type LiveState } from './live-state';

const noSubscription = () => () => {};

export function useLiveState(): LiveState {
  const client = useContext(LiveContext);
  return useSyncExternalStore(
    client?.onState ?? noSubscription,
    client?.getState ?? (() => initialLiveState),
  );
}

/**
 * Subscribes `topic` while the component is mounted and hands every message to `onMessage` (the
 * latest one passed, without re-subscribing). Messages are not filtered by topic: the handler
 * checks the org or issue it cares about.
 */
export function useLiveTopic(topic: string | null, onMessage: (message: LiveServerMessage) => void): void {
  const client = useContext(LiveContext);
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    if (!client || !topic) return;
    const release = client.subscribe(topic);
    const unlisten = client.listen((message) => handler.current(message));
    return () => {
      unlisten();
      release();
    };
  }, [client, topic]);
}
