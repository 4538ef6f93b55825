/** A widget's body while its data loads, or why it failed (the server's message, in the widget). */
import { Loader, Text } from '@mantine/core';
import { describeError } from '../../api/describe-error';

export function WidgetState({ query }: { query: { isLoading: boolean; error: unknown } }) {
  if (query.error) {
    return (
      <Text size="sm" c="red" role="alert">
        {describeError(query.error).message}
      </Text>
    );
  }
  return query.isLoading ? <Loader size="sm" aria-label="Loading" /> : null;
}
