/**
 * Gives the signed-in app its one live socket. Mounted inside the signed-in layout, so the socket
 * opens after sign-in and closes on sign-out; components reach it through `use-live.ts`. When the
 * server closes it because the session ended, the session is read again, so the sign-in guard
 * takes the user to the sign-in page.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useEffect, useState } from 'react';
import { authKeys } from '../auth/auth-queries';
import { createLiveClient, type LiveClient, liveSocketUrl } from './live-client';

export const LiveContext = createContext<LiveClient | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => createLiveClient(liveSocketUrl()));
  const queryClient = useQueryClient();
  useEffect(() => {
    client.start();
    const stopWatching = client.onState(() => {
      if (client.getState().status === 'signed-out') {
        void queryClient.invalidateQueries({ queryKey: authKeys.session });
      }
    });
    const online = () => client.reconnectNow();
    const offline = () => client.offline();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      stopWatching();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      client.stop();
    };
  }, [client, queryClient]);
  return <LiveContext value={client}>{children}</LiveContext>;
}
