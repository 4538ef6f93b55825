/**
 * Every change to one issue besides the resolve button: resolve in the next release, the ignore
 * variants, assign, bookmark, priority. All go through `useUpdateIssues` (optimistic, rolled back
 * and explained on failure), the same path the stream's keys and bulk bar use.
 */
import type { IgnoreUntil, Issue, IssueUpdate } from '@dexter/contracts';
import { Button, Menu } from '@mantine/core';
import { useState } from 'react';
import { AssignPicker } from '../triage/AssignPicker';
import { ISSUE_PAGE_KEYMAP } from '../triage/issue-keymap';
import { useKeymap } from '../triage/use-keymap';
import { useUpdateIssues } from './issues-queries';

const IGNORE_CHOICES: { label: string; ignore: IgnoreUntil }[] = [
  { label: 'Ignore forever', ignore: { until: 'forever' } },
  { label: 'Ignore for 1 hour', ignore: { until: 'duration', minutes: 60 } },
  { label: 'Ignore for 24 hours', ignore: { until: 'duration', minutes: 1440 } },
  { label: 'Ignore until 100 more events', ignore: { until: 'events', count: 100 } },
  { label: 'Ignore until 10 more users', ignore: { until: 'users', count: 10 } },
  { label: 'Ignore until it escalates', ignore: { until: 'escalating' } },
];

const PRIORITIES = ['high', 'medium', 'low'] as const;

export function IssueActionsMenu({ org, issue }: { org: string; issue: Issue }) {
  const updates = useUpdateIssues(org);
  const [assigning, setAssigning] = useState(false);
  const apply = (update: IssueUpdate) => updates.mutate({ issues: [issue], update });
  // The page's `i`, `a` and `b` (issue-keymap.ts) do what this menu's items do.
  useKeymap(ISSUE_PAGE_KEYMAP, (command) => {
    if (updates.isPending) return false;
    if (command === 'ignore') {
      apply(
        issue.status === 'ignored'
          ? { status: 'unresolved' }
          : { status: 'ignored', ignore: { until: 'forever' } },
      );
    } else if (command === 'assign') setAssigning(true);
    else if (command === 'bookmark') apply({ isBookmarked: !issue.isBookmarked });
    else return false;
    return true;
  });

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" data-testid="issue-actions" disabled={updates.isPending}>
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => apply({ status: 'resolvedInNextRelease' })}>
            Resolve in next release
          </Menu.Item>
          <Menu.Divider />
          {IGNORE_CHOICES.map(({ label, ignore }) => (
            <Menu.Item key={label} onClick={() => apply({ status: 'ignored', ignore })}>
              {label}
            </Menu.Item>
          ))}
          {issue.status === 'ignored' && (
            <Menu.Item onClick={() => apply({ status: 'unresolved' })}>Stop ignoring</Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item onClick={() => setAssigning(true)}>
            Assign…{issue.assignedTo ? ` (now ${issue.assignedTo.name})` : ''}
          </Menu.Item>
          <Menu.Item onClick={() => apply({ isBookmarked: !issue.isBookmarked })}>
            {issue.isBookmarked ? 'Remove bookmark' : 'Bookmark'}
          </Menu.Item>
          <Menu.Label>Priority{issue.priority ? ` (now ${issue.priority})` : ''}</Menu.Label>
          {PRIORITIES.map((priority) => (
            <Menu.Item
              key={priority}
              disabled={issue.priority === priority}
              onClick={() => apply({ priority })}
            >
              {priority}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <AssignPicker
        org={org}
        opened={assigning}
        count={1}
        onClose={() => setAssigning(false)}
        onPick={(choice) => {
          setAssigning(false);
          updates.mutate({ issues: [issue], update: { assignedTo: choice.ref }, assignee: choice.display });
        }}
      />
    </>
  );
}
