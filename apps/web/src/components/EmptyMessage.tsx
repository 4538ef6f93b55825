import { EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyMessageProps {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
}

export function EmptyMessage({ title, description, children }: EmptyMessageProps) {
  return (
    <EmptyState title={title} description={description} py="xl" data-testid="empty-state">
      {children}
    </EmptyState>
  );
}
