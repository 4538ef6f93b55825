/**
 * The issue detail page, live: its count ticks as events arrive (the latest event is refetched at
 * most every few seconds, not on every event), a status change or regression refetches it, and a
 * regression raises a notice.
 */
import { type LiveServerMessage, liveTopic } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { LONG_AUTO_CLOSE_MS } from '../../lib/error-notification';
import { invalidateIssueDetail, issueDetailQueryOptions } from '../issues/issues-queries';
import { applyCountsToDetail, deltasOf } from './live-cache';

import { useLiveTopic } from './use-live';

const REFETCH_AT_MOST_EVERY_MS = 5_000;

export function useLiveIssueDetail(org: string, issueId: string) {
  const queryClient = useQueryClient();
  const lastRefetch = useRef(0);
  const trailing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(trailing.current), []);

  const refetch = () => {
    const wait = lastRefetch.current + REFETCH_AT_MOST_EVERY_MS - Date.now();
    if (trailing.current !== undefined) return;
    trailing.current = setTimeout(
      () => {
        trailing.current = undefined;
        lastRefetch.current = Date.now();
        void invalidateIssueDetail(queryClient, org, issueId);
      },
      Math.max(0, wait),
    );
  };

  const onMessage = (message: LiveServerMessage) => {
    if ('org' in message && message.org !== org) return;
    switch (message.type) {
      case 'issue.counts': {
        const delta = deltasOf(message).get(issueId) ?? 0;
        if (delta === 0) return;
        queryClient.setQueryData(issueDetailQueryOptions(org, issueId).queryKey, (detail) =>
          detail ? applyCountsToDetail(detail, delta, new Date().toISOString()) : detail,
        );
        refetch();
        return;
      }
      case 'issue.regressed':
        if (message.issueId !== issueId) return;
        notifications.show({
          color: 'red',
          title: 'Regression',
          message: 'This issue is happening again.',
          autoClose: LONG_AUTO_CLOSE_MS,
        });
        refetch();
        return;
      case 'issue.updated':
        if (message.issueId === issueId) refetch();
        return;
      case 'resync':
        refetch();
        return;
    }
  };
  useLiveTopic(org && issueId ? liveTopic.issue(org, issueId) : null, onMessage);
}
