/**
 * The progress of one bulk job, polled until it settles: done / failed / pending counts, a bar,
 * the failed issues with their reasons, and "Retry failed". When it settles the issues are
 * refetched (the failed ones lose their optimistic change) and failures are also notified, since
 * the panel may be scrolled out of view.
 */
import { Alert, Button, CloseButton, Group, List, Paper, Progress, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { describeError } from '../../api/describe-error';
import { LONG_AUTO_CLOSE_MS } from '../../lib/error-notification';
import { describeIssueUpdate } from '../issues/issue-update-patch';
import {
  bulkFailedItemsQueryOptions,
  bulkJobQueryOptions,
  invalidateAfterBulkJob,
  isSettled,
  useRetryFailedBulkItems,
} from './bulk-queries';

interface BulkProgressProps {
  org: string;
  jobId: number;
  onClose: () => void;
}

export function BulkProgress({ org, jobId, onClose }: BulkProgressProps) {
  const queryClient = useQueryClient();
  const job = useQuery(bulkJobQueryOptions(org, jobId));
  const settled = job.data ? isSettled(job.data) : false;
  const hasFailures = (job.data?.failed ?? 0) > 0;
  const failedItems = useQuery({
    ...bulkFailedItemsQueryOptions(org, jobId),
    enabled: settled && hasFailures,
  });
  const retry = useRetryFailedBulkItems(org);

  // Once per settling: a retry of the failed ones settles again, and may notify again.
  const notified = useRef(false);
  useEffect(() => {
    if (!settled || !job.data) {
      notified.current = false;
      return;
    }
    void invalidateAfterBulkJob(queryClient, org);
    const { failed, total, action } = job.data;
    if (failed > 0 && !notified.current) {
      notified.current = true;
      notifications.show({
        color: 'red',
        title: `Could not ${describeIssueUpdate(action)} ${failed} of ${total} issues`,
        message: `Bulk job #${jobId} lists each one with the reason; they now show their current state.`,
        autoClose: LONG_AUTO_CLOSE_MS,
      });
    }
  }, [settled, job.data, queryClient, org, jobId]);

  const data = job.data;
  const finished = data ? data.done + data.failed : 0;
  const percent = data && data.total > 0 ? (finished / data.total) * 100 : 0;

  return (
    <Paper withBorder p="sm" data-testid="bulk-progress" data-state={data?.state ?? 'loading'}>
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>
          Bulk job #{jobId}: {data?.state ?? 'loading'}
        </Text>
        <CloseButton aria-label="Close bulk progress" onClick={onClose} />
      </Group>
      {job.isError && <Alert color="red">{describeError(job.error).message}</Alert>}
      {data && (
        <>
          <Progress.Root size="lg">
            <Progress.Section value={data.total ? (data.done / data.total) * 100 : 0} color="green" />
            <Progress.Section value={data.total ? (data.failed / data.total) * 100 : 0} color="red" />
          </Progress.Root>
          <Text size="sm" mt={6} data-testid="bulk-counts">
            {data.done} done · {data.failed} failed · {data.pending} pending · {data.total} total
            {!settled && ` (${Math.round(percent)}%)`}
          </Text>
          {data.error && (
            <Alert color="red" mt="xs">
              {data.error}
            </Alert>
          )}
        </>
      )}
      {failedItems.data && failedItems.data.items.length > 0 && (
        <List size="sm" mt="xs" data-testid="bulk-failures">
          {failedItems.data.items.map((item) => (
            <List.Item key={item.issueId}>
              Issue {item.issueId}: {item.error ?? 'failed'}
            </List.Item>
          ))}
        </List>
      )}
      {settled && hasFailures && (
        <Button size="xs" mt="xs" loading={retry.isPending} onClick={() => retry.mutate(jobId)}>
          Retry failed
        </Button>
      )}
    </Paper>
  );
}
