/**
 * The "Similar issues" section of the issue page. Each match shows its confidence label, the evidence
 * in words, and on demand the stacks side by side; the threshold comes from the server's answer.
 */
import type { SimilarIssue, SimilarIssues } from '@dexter/contracts';
import { Anchor, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { StatusBadge } from '../issues/IssueBadges';
import { ConfidenceBadge } from './ConfidenceBadge';
import { SimilarIssueActions } from './SimilarIssueActions';
import { StackComparison } from './StackComparison';
import { evidenceSummary, formatPercent } from './similarity-display';
import { similarIssuesQueryOptions } from './similarity-queries';

/**
 * "Similar issues" on the issue page: the engine's best matches across every project, each with its
 * calibrated confidence, the evidence, the two stacks side by side on demand, and what to do about it.
 */
export function SimilarIssuesPanel({ org, issueId }: { org: string; issueId: string }) {
  const similar = useQuery(similarIssuesQueryOptions(org, issueId));
  return (
    <Stack gap="sm" component="section" data-testid="similar-issues">
      <Group justify="space-between" align="baseline">
        <Title order={3}>Similar issues</Title>
        {similar.data && (
          <Text size="xs" c="dimmed">
            Across all projects · from {formatPercent(similar.data.threshold)} confidence
          </Text>
        )}
      </Group>
      {similar.isError ? (
        <ErrorState
          title="Could not find similar issues"
          error={similar.error}
          onRetry={() => void similar.refetch()}
        />
      ) : !similar.data ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Comparing stacks…
          </Text>
        </Group>
      ) : similar.data.matches.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-similar-issues">
          No other issue looks like the same bug.
        </Text>
      ) : (
        similar.data.matches.map((match) => (
          <SimilarIssueRow key={match.issue.id} org={org} subject={similar.data} match={match} />
        ))
      )}
    </Stack>
  );
}

function SimilarIssueRow({
  org,
  subject,
  match,
}: {
  org: string;
  subject: SimilarIssues;
  match: SimilarIssue;
}) {
  const [comparing, setComparing] = useState(false);
  const { issue } = match;
  return (
    <Paper withBorder p="sm" data-testid="similar-issue" data-issue-id={issue.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} miw={0}>
            <Group gap="xs">
              <Anchor
                component={Link}
                to={`/${encodeURIComponent(org)}/issues/${issue.id}`}
                ff="monospace"
                size="sm"
              >
                {issue.shortId}
              </Anchor>
              <Text size="sm" c="dimmed">
                {issue.project.name}
              </Text>
              <StatusBadge status={issue.status} />
            </Group>
            <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
              {issue.title}
            </Text>
            <Text size="xs" c="dimmed" data-testid="match-evidence">
              {evidenceSummary(match.features, match.alignedFrames.length)}
            </Text>
          </Stack>
          <ConfidenceBadge level={match.level} confidence={match.confidence} feedback={match.feedback} />
        </Group>
        <SimilarIssueActions
          org={org}
          subjectId={subject.issueId}
          match={match}
          comparing={comparing}
          onToggleCompare={() => setComparing((open) => !open)}
        />
        {comparing && (
          <StackComparison
            left={subject.stack}
            right={match.stack}
            aligned={match.alignedFrames}
            leftTitle="This issue"
            rightTitle={issue.shortId}
          />
        )}
      </Stack>
    </Paper>
  );
}
