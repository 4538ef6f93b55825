/**
 * Downloads of every issue matching the current search (`GET …/issues/export`), not just the loaded
 * pages: plain links, so the browser streams the file with the session cookie and no row cap.
 */

import type { ExportFormat } from '@dexter/contracts';
import { Button, Group } from '@mantine/core';
import { apiPath, withQuery } from '../../api/api-path';
import { type IssueStreamFilters, toIssueListQuery } from './issue-search-params';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

export function ExportButtons({ org, filters }: { org: string; filters: IssueStreamFilters }) {
  return (
    <Group gap={4}>
      {FORMATS.map(({ format, label }) => (
        <Button
          key={format}
          component="a"
          size="compact-xs"
          variant="default"
          download
          data-testid={`export-${format}`}
          href={withQuery(apiPath`/organizations/${org}/issues/export`, {
            format,
            ...toIssueListQuery(filters),
          })}
        >
          {label}
        </Button>
      ))}
    </Group>
  );
}
