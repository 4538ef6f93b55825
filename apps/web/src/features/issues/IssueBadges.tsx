import { Badge } from '@mantine/core';
import { levelColor, statusColor } from './issue-display';

export function LevelBadge({ level, size = 'sm' }: { level: string; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={levelColor(level)} variant="light" size={size} radius="sm">
      {level}
    </Badge>
  );
}

/** `testId` only where the badge is the page's own issue status (the header), not in lists of others. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge color={statusColor(status)} variant="filled" radius="sm" data-testid={testId}>
      {status}
    </Badge>
  );
}
