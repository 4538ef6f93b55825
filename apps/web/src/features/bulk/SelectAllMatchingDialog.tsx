/**
 * The confirmation before a job over every issue matching the search: it states the exact count
 * from `bulk-jobs/preview` (never the stream's estimate) and which change is made. The confirm
 * button has focus, so the whole flow works from the keyboard: `*`, pick with Tab/arrows, Enter.
 */
import type { BulkPreview } from '@dexter/contracts';
import { Button, Group, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { formatExactCount } from '../issues/issue-display';
import { BULK_ACTIONS, type BulkActionName } from './bulk-actions';

interface SelectAllMatchingDialogProps {
  preview: BulkPreview | null;
  query: string;
  pending: boolean;
  onClose: () => void;
  onConfirm: (action: BulkActionName) => void;
}

const CHOICES: BulkActionName[] = ['resolve', 'ignore', 'bookmark', 'unresolve'];

export function SelectAllMatchingDialog({
  preview,
  query,
  pending,
  onClose,
  onConfirm,
}: SelectAllMatchingDialogProps) {
  const form = useForm<{ action: BulkActionName }>({ initialValues: { action: 'resolve' } });
  const { action } = form.values;
  const total = preview?.total ?? 0;
  return (
    <Modal opened={preview !== null} onClose={onClose} title="Act on every matching issue">
      <form onSubmit={form.onSubmit((values) => onConfirm(values.action))}>
        <Stack gap="sm">
          <Text data-testid="bulk-confirm-count">
            {formatExactCount(total)} {total === 1 ? 'issue matches' : 'issues match'}{' '}
            <Text span ff="monospace">
              {query || '(every issue)'}
            </Text>
            .
          </Text>
          <SegmentedControl<BulkActionName>
            aria-label="Change"
            data={CHOICES.map((value) => ({ value, label: BULK_ACTIONS[value].label }))}
            {...form.getInputProps('action')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              data-autofocus
              data-testid="bulk-confirm"
              disabled={total === 0}
              loading={pending}
            >
              {BULK_ACTIONS[action].label} {formatExactCount(total)} {total === 1 ? 'issue' : 'issues'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
