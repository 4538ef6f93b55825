import { Notification, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { type AppNotification, dismissNotification, useNotifications } from '../lib/notifications';

const DEFAULT_AUTO_CLOSE_MS = 6000;
const ERROR_AUTO_CLOSE_MS = 12000;

export function NotificationStack() {
  const notifications = useNotifications();
  return (
    <Stack
      gap="sm"
      pos="fixed"
      bottom={16}
      right={16}
      w={380}
      maw="calc(100vw - 32px)"
      style={{ zIndex: 1000 }}
      aria-live="polite"
    >
      {notifications.map((n) => (
        <NotificationItem key={n.id} notification={n} />
      ))}
    </Stack>
  );
}

function NotificationItem({ notification }: { notification: AppNotification }) {
  const { id, color, title, message, detail } = notification;
  const autoCloseMs =
    notification.autoCloseMs ?? (color === 'red' ? ERROR_AUTO_CLOSE_MS : DEFAULT_AUTO_CLOSE_MS);

  useEffect(() => {
    const timer = window.setTimeout(() => dismissNotification(id), autoCloseMs);
    return () => window.clearTimeout(timer);
  }, [id, autoCloseMs]);

  return (
    <Notification
      color={color ?? 'blue'}
      title={title}
      onClose={() => dismissNotification(id)}
      role={color === 'red' ? 'alert' : 'status'}
      withBorder
      data-testid="notification"
    >
      <Text size="sm">{message}</Text>
      {detail && (
        <Text size="xs" c="dimmed" mt={4} ff="monospace">
          {detail}
        </Text>
      )}
    </Notification>
  );
}
