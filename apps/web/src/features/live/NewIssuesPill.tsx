/**
 * "N new issues" above the stream: new and reopened issues wait here instead of moving the rows
 * the user is reading; a click shows them (the list is refetched and scrolled to the top).
 */
import { Button } from '@mantine/core';
import { ArrowLeftIcon } from '../../components/icons';

export function NewIssuesPill({ count, onShow }: { count: number; onShow: () => void }) {
  if (count === 0) return null;
  return (
    <Button
      size="compact-sm"
      radius="xl"
      variant="light"
      leftSection={<ArrowLeftIcon size={14} style={{ transform: 'rotate(90deg)' }} />}
      onClick={onShow}
      data-testid="new-issues-pill"
    >
      {count} new {count === 1 ? 'issue' : 'issues'}
    </Button>
  );
}
