/**
 * A connection's webhook secret for admins: shown again on request (the server writes that to the
 * audit log) or replaced by a new one, after which the vendor must be given the new secret.
 */
import type { Connection } from '@dexter/contracts';
import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useWebhookSecret } from './integrations-queries';

export function WebhookSecretControls({ org, connection }: { org: string; connection: Connection }) {
  const secret = useWebhookSecret(org, connection.id);
  const [confirming, setConfirming] = useState(false);
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Button
          size="compact-xs"
          variant="default"
          loading={secret.isPending && secret.variables === 'show'}
          onClick={() => secret.mutate('show')}
        >
          Show secret
        </Button>
        {confirming ? (
          <Button
            size="compact-xs"
            color="orange"
            loading={secret.isPending && secret.variables === 'rotate'}
            onClick={() => {
              setConfirming(false);
              secret.mutate('rotate');
            }}
          >
            Rotate now: old secret stops working
          </Button>
        ) : (
          <Button size="compact-xs" variant="subtle" onClick={() => setConfirming(true)}>
            Rotate
          </Button>
        )}
      </Group>
      {secret.data && (
        <Text size="xs" data-testid="shown-secret">
          {secret.variables === 'rotate' ? 'New secret' : 'Secret'}: <Code>{secret.data.webhookSecret}</Code>
        </Text>
      )}
      {secret.error && (
        <Text size="xs" c="red">
          {secret.error.message}
        </Text>
      )}
    </Stack>
  );
}
