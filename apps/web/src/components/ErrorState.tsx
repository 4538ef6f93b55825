import { Alert, Button, Stack, Text } from '@mantine/core';
import { describeError, errorReference } from '../api/describe-error';

interface ErrorStateProps {
  title: string;
  error: unknown;
  onRetry?: () => void;
}

/** A failed load: the server's message, what to do about it, and the ids to quote in a bug report. */
export function ErrorState({ title, error, onRetry }: ErrorStateProps) {
  const description = describeError(error);
  const { message, hint } = description;
  const reference = errorReference(description);
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid="error-state">
      <Stack gap={6} align="flex-start">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {message}
        </Text>
        {hint && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}
        {reference && (
          <Text size="xs" c="dimmed" ff="monospace">
            {reference}
          </Text>
        )}
        {onRetry && description.retryable && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
