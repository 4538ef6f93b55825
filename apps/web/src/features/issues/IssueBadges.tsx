import { Badge } from '@mantine/core';
import { levelColor, statusColor } from './issue-display';

export function LevelBadge({ level, size = 'sm' }: { level: string; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={levelColor(level)} variant="light" size={size} radius="sm">
      {level}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColor(status)} variant="filled" radius="sm" data-testid="issue-status">
      {status}
    </Badge>
  );
}
