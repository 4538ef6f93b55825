/** The issue page's timeline, loaded with ECharts on first show so the issue page's own chunk stays small. */
import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';

const IssueTimelineChart = lazy(() => import('./IssueTimelineChart'));

export function IssueTimelinePanel(props: { org: string; issueId: string; firstSeen: string | null }) {
  return (
    <Suspense fallback={<Skeleton height={210} radius="md" />}>
      <IssueTimelineChart {...props} />
    </Suspense>
  );
}
