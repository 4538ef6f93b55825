/**
 * The issue stream, live. New and reopened issues are collected into the "N new issues" pill
 * rather than inserted (the rows under the reader's eyes do not move); `showNew` refetches and
 * remounts the table at the top (`generation`). Counts tick in place, status changes patch their
 * rows, a regression raises a notice, a resync refetches the lists.
 */
import { type LiveServerMessage, liveTopic } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { LONG_AUTO_CLOSE_MS } from '../../lib/error-notification';
import { type IssueListPages, patchIssueInPages } from '../issues/issue-pages';
import { invalidateIssueLists, issueKeys } from '../issues/issues-queries';
import { applyCountsToPages, deltasOf } from './live-cache';
import { useLiveTopic } from './use-live';

const MAX_PENDING = 1000;

export function useLiveIssueStream(org: string) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<readonly string[]>([]);
  const [generation, setGeneration] = useState(0);

  const onMessage = (message: LiveServerMessage) => {
    const lists = { queryKey: issueKeys.lists(org) };
    switch (message.type) {
      case 'issue.created':
      case 'issue.regressed':
        if (message.org !== org) return;
        setPending((ids) =>
          ids.includes(message.issueId) ? ids : [...ids, message.issueId].slice(-MAX_PENDING),
        );
        if (message.type === 'issue.regressed') {
          notifications.show({
            color: 'red',
            title: 'Regression',
            message: `${message.title || 'An issue'} is happening again.`,
            autoClose: LONG_AUTO_CLOSE_MS,
          });
        }
        return;
      case 'issue.counts': {
        if (message.org !== org) return;
        const deltas = deltasOf(message);
        const seenAt = new Date().toISOString();
        queryClient.setQueriesData<IssueListPages>(lists, (pages) =>
          pages ? applyCountsToPages(pages, deltas, seenAt) : pages,
        );
        return;
      }
      case 'issue.updated': {
        const { status, issueId } = message;
        if (message.org !== org || status === null) return;
        queryClient.setQueriesData<IssueListPages>(lists, (pages) =>
          pages ? patchIssueInPages(pages, issueId, { status }) : pages,
        );
        return;
      }
      case 'alert.fired':
        if (message.org === org)
          notifications.show({ color: 'blue', role: 'status', title: 'Alert', message: message.title });
        return;
      case 'resync':
        void invalidateIssueLists(queryClient, org);
        return;
    }
  };
  useLiveTopic(org ? liveTopic.org(org) : null, onMessage);

  const showNew = useCallback(() => {
    setPending([]);
    setGeneration((g) => g + 1);
    void invalidateIssueLists(queryClient, org);
  }, [queryClient, org]);

  return { newIssues: pending.length, showNew, generation };
}
