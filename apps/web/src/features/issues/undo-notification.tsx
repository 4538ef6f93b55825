/**
 * The toast after a status change, with an Undo button (and `z` is not bound: a toast's button is
 * reachable by Tab, and a key that silently reverts is as surprising as one that silently acts).
 * Undo closes the toast at once; the caller sends the restoring update.
 */
import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';

/** Long enough to notice a wrong key and reach for the button. */
const UNDO_WINDOW_MS = 10_000;
let sequence = 0;

export function showUndoNotification(title: string, onUndo: () => void): string {
  const id = `undo-${++sequence}`;
  notifications.show({
    id,
    title,
    autoClose: UNDO_WINDOW_MS,
    withCloseButton: true,
    message: (
      <Group justify="space-between" gap="sm" wrap="nowrap" data-testid="undo-toast">
        <Text size="sm" c="dimmed">
          Changed your mind?
        </Text>
        <Button
          size="compact-sm"
          variant="light"
          data-testid="undo-button"
          onClick={() => {
            notifications.hide(id);
            onUndo();
          }}
        >
          Undo
        </Button>
      </Group>
    ),
  });
  return id;
}
