import type { StoreKey } from '@dexter/contracts';
import {
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { errorNotification } from '../../lib/error-notification';
import { useNow } from '../../lib/use-now';
import {
  storeProjectKeysQueryOptions,
  storeProjectsQueryOptions,
  useRevokeStoreKey,
  useRotateStoreKey,
} from './store-admin-queries';

/**
 * One project's DSN keys: the DSN to copy, and rotation (a new key replaces a live one, which is
 * refused from then on: SDKs still using it lose their events, so it asks first). Revoked keys stay
 * listed, greyed, so what happened is visible.
 */
export function StoreProjectKeysPage() {
  const slug = useParams().slug ?? '';
  useDocumentTitle(`${slug} · DSN keys · Dexter`);
  const keys = useQuery(storeProjectKeysQueryOptions(slug));
  const project = useQuery(storeProjectsQueryOptions()).data?.projects.find((p) => p.slug === slug);
  const [rotating, setRotating] = useState<StoreKey | null>(null);
  const revoke = useRevokeStoreKey();
  const now = useNow();

  // Live keys first (what an SDK needs), then the revoked ones, newest first in each group.
  const sorted = [...(keys.data?.keys ?? [])].sort(
    (a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.id - a.id,
  );
  const live = sorted.filter((key) => key.revokedAt === null);
  const revokeKey = (key: StoreKey) =>
    revoke.mutate(key, {
      onSuccess: () =>
        notifications.show({ color: 'gray', title: `Key ${key.label} revoked`, message: key.publicKey }),
      onError: (error) => notifications.show(errorNotification('Could not revoke the key', error)),
    });

  return (
    <Stack maw={1000} gap="lg">
      <div>
        <Anchor component={Link} to="/admin/store/projects" size="sm">
          ← Projects
        </Anchor>
        <Title order={2}>{project?.name ?? slug}: DSN keys</Title>
        <Text c="dimmed" size="sm">
          Give an SDK the DSN of a live key. Rotating creates a new key and revokes the old one at once.
        </Text>
      </div>
      {keys.isError && (
        <ErrorState title="Could not load the keys" error={keys.error} onRetry={() => keys.refetch()} />
      )}
      {keys.isPending && <PageLoader />}
      {keys.data && (
        <Table data-testid="store-key-table" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>DSN</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((key) => (
              <Table.Tr
                key={key.id}
                data-testid="store-key-row"
                data-key-id={key.id}
                data-revoked={key.revokedAt !== null}
                opacity={key.revokedAt ? 0.55 : 1}
              >
                <Table.Td>{key.label}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Code style={{ wordBreak: 'break-all' }} data-testid="store-key-dsn">
                      {key.dsn}
                    </Code>
                    {key.revokedAt === null && (
                      <CopyButton value={key.dsn}>
                        {({ copied, copy }) => (
                          <Button
                            size="compact-xs"
                            variant="light"
                            onClick={copy}
                            aria-label={`Copy DSN of ${key.label}`}
                          >
                            {copied ? 'Copied' : 'Copy'}
                          </Button>
                        )}
                      </CopyButton>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <RelativeTime value={key.createdAt} now={now} />
                </Table.Td>
                <Table.Td>
                  {key.revokedAt ? (
                    <Badge color="gray">revoked</Badge>
                  ) : (
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => setRotating(key)}
                        data-testid="key-rotate"
                      >
                        Rotate
                      </Button>
                      <Tooltip label="The project's last live key: rotate instead" disabled={live.length > 1}>
                        <Button
                          size="xs"
                          color="red"
                          variant="subtle"
                          disabled={live.length <= 1}
                          loading={revoke.isPending && revoke.variables?.id === key.id}
                          onClick={() => revokeKey(key)}
                        >
                          Revoke
                        </Button>
                      </Tooltip>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RotateKeyDialog keyToRotate={rotating} onClose={() => setRotating(null)} />
    </Stack>
  );
}

function RotateKeyDialog({ keyToRotate, onClose }: { keyToRotate: StoreKey | null; onClose: () => void }) {
  const rotate = useRotateStoreKey();
  const confirm = () => {
    if (!keyToRotate) return;
    rotate.mutate(keyToRotate, {
      onSuccess: ({ created }) => {
        onClose();
        notifications.show({
          color: 'green',
          title: `Key ${created.label} rotated`,
          message: 'Give your SDKs the new DSN: the old one is refused from now on.',
        });
      },
      onError: (error) => notifications.show(errorNotification('Could not rotate the key', error)),
    });
  };
  return (
    <Modal opened={keyToRotate !== null} onClose={onClose} title="Rotate this DSN key?">
      <Stack gap="md">
        <Text size="sm">
          A new key replaces <b>{keyToRotate?.label}</b>. Events sent with the old DSN are refused at once, so
          update every SDK that uses it.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="orange"
            loading={rotate.isPending}
            onClick={confirm}
            data-testid="key-rotate-confirm"
          >
            Rotate key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
