/**
 * Gives the signed-in app its one live socket. Mounted inside the signed-in layout, so the socket
 * opens after sign-in and closes on sign-out; components reach it through `use-live.ts`.
 */
import { createContext, type ReactNode, useEffect, useState } from 'react';
import { createLiveClient, type LiveClient, liveSocketUrl } from './live-client';

export const LiveContext = createContext<LiveClient | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => createLiveClient(liveSocketUrl()));
  useEffect(() => {
    client.start();
    const online = () => client.reconnectNow();
    const offline = () => client.offline();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      client.stop();
    };
  }, [client]);
  return <LiveContext value={client}>{children}</LiveContext>;
}
