/**
 * The buttons under one suggestion. Verdicts and merges need the triager role (hidden otherwise; the
 * server refuses anyway); a merge needs a confirming second click.
 */
import type { SimilarIssue } from '@dexter/contracts';
import { Anchor, Button, Group } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSimilarityAction, useSimilarityFeedback } from './similarity-queries';
import { useCanTriage } from './use-can-triage';

/**
 * What to do with one suggestion: compare the stacks, say "same bug" or "not the same", and merge
 * when both issues are in one project (Sentry merges only within a project; across projects the
 * other issue is a link). Merging asks for a second click: it cannot be undone from Dexter. Sentry
 * keeps the issue with more events; when that is the other one, this page moves to it.
 */
export function SimilarIssueActions(props: {
  org: string;
  subjectId: string;
  match: SimilarIssue;
  comparing: boolean;
  onToggleCompare: () => void;
}) {
  const { org, subjectId, match, comparing, onToggleCompare } = props;
  const { triage } = useCanTriage();
  const feedback = useSimilarityFeedback(org);
  const action = useSimilarityAction(org);
  const [confirmMerge, setConfirmMerge] = useState(false);
  const navigate = useNavigate();
  const merge = () =>
    action.mutate(
      { action: 'merge', issueIds: [subjectId, match.issue.id] },
      {
        onSuccess: ({ results }) => {
          const parentId = results.find((r) => r.parentId)?.parentId;
          if (parentId && parentId !== subjectId) navigate(`/${encodeURIComponent(org)}/issues/${parentId}`);
        },
      },
    );
  const pair = { issueA: subjectId, issueB: match.issue.id };
  const busy = feedback.isPending || action.isPending;

  return (
    <Group gap="xs">
      <Button size="compact-xs" variant="default" onClick={onToggleCompare} data-testid="compare-stacks">
        {comparing ? 'Hide stacks' : 'Compare stacks'}
      </Button>
      {triage && match.feedback === null && (
        <Button
          size="compact-xs"
          variant="light"
          color="teal"
          disabled={busy}
          onClick={() => feedback.mutate({ ...pair, verdict: 'same' })}
          data-testid="feedback-same"
        >
          Same bug
        </Button>
      )}
      {triage && (
        <Button
          size="compact-xs"
          variant="light"
          color="gray"
          disabled={busy}
          onClick={() => feedback.mutate({ ...pair, verdict: 'different' })}
          data-testid="feedback-different"
        >
          Not the same
        </Button>
      )}
      {triage && match.mergeable ? (
        <Button
          size="compact-xs"
          color={confirmMerge ? 'red' : 'blue'}
          variant={confirmMerge ? 'filled' : 'light'}
          disabled={busy}
          onClick={() => {
            if (!confirmMerge) return setConfirmMerge(true);
            setConfirmMerge(false);
            merge();
          }}
          data-testid="merge-button"
        >
          {confirmMerge ? 'Confirm merge' : 'Merge'}
        </Button>
      ) : (
        !match.mergeable && (
          <Anchor
            component={Link}
            to={`/${encodeURIComponent(org)}/issues/${match.issue.id}`}
            size="xs"
            data-testid="open-other-project"
          >
            In {match.issue.project.name}: open it (merging needs one project)
          </Anchor>
        )
      )}
    </Group>
  );
}
