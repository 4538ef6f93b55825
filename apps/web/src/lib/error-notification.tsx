/**
 * What a toast about a failed action says: what failed (the title), the server's message and the
 * hint on what to do, and in small print the code and request id a user can quote. Red toasts stay
 * twice as long as the others (`<Notifications autoClose>` in App.tsx): there is more to read.
 */
import { Text } from '@mantine/core';
import type { NotificationData } from '@mantine/notifications';
import { describeError, errorReference } from '../api/describe-error';

/** For errors and regressions; other toasts close after the default 6 s. */
export const LONG_AUTO_CLOSE_MS = 12_000;

/** `outcome`: a last sentence on what was done about it, such as "The previous state was restored." */
export function errorNotification(title: string, error: unknown, outcome?: string): NotificationData {
  const description = describeError(error);
  const reference = errorReference(description);
  return {
    color: 'red',
    title,
    autoClose: LONG_AUTO_CLOSE_MS,
    message: (
      <>
        {[description.message, description.hint, outcome].filter(Boolean).join(' ')}
        {reference && (
          <Text size="xs" c="dimmed" mt={4} ff="monospace">
            {reference}
          </Text>
        )}
      </>
    ),
  };
}
