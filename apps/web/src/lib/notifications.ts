/**
 * A tiny notification store: `notify()` from anywhere (mutation callbacks live outside React),
 * `useNotifications()` to render. Stands in for @mantine/notifications, which is not a dependency.
 */
import { useSyncExternalStore } from 'react';

export interface NotificationInput {
  title: string;
  message: string;
  /** Small print under the message, such as an error code and request id. */
  detail?: string | undefined;
  color?: 'red' | 'green' | 'blue';
  /** Milliseconds before it closes by itself; errors default to staying longer. */
  autoCloseMs?: number;
}

export interface AppNotification extends NotificationInput {
  id: number;
}

const MAX_VISIBLE = 4;
let nextId = 1;
let notifications: readonly AppNotification[] = [];
const listeners = new Set<() => void>();

function emit(next: readonly AppNotification[]) {
  notifications = next;
  for (const listener of listeners) listener();
}

export function notify(input: NotificationInput): number {
  const id = nextId++;
  emit([...notifications, { ...input, id }].slice(-MAX_VISIBLE));
  return id;
}

export function dismissNotification(id: number) {
  emit(notifications.filter((n) => n.id !== id));
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useNotifications(): readonly AppNotification[] {
  return useSyncExternalStore(subscribe, () => notifications);
}
