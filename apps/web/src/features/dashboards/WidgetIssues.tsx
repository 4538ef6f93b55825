/** A widget listing the top issues of a search (the issue stream's grammar), each linking to its issue. */
import type { Widget } from '@dexter/contracts';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { QueryFilters } from '../../lib/discover-raw-query';
import { WidgetState } from './WidgetState';
import { widgetIssuesOptions } from './widget-queries';

export function WidgetIssues({
  org,
  widget,
  filters,
  height,
}: {
  org: string;
  widget: Widget;
  filters: QueryFilters;
  height: number;
}) {
  const issues = useQuery(widgetIssuesOptions(org, widget.query, filters));
  if (!issues.data) return <WidgetState query={issues} />;
  if (issues.data.issues.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No issues match.
      </Text>
    );
  return (
    <Stack gap={6} style={{ height, overflow: 'auto' }} aria-label={`${widget.title} issues`}>
      {issues.data.issues.map((issue) => (
        <Group key={issue.id} gap="xs" wrap="nowrap" justify="space-between">
          <Anchor
            component={Link}
            to={`/${encodeURIComponent(org)}/issues/${encodeURIComponent(issue.id)}`}
            size="sm"
            truncate="end"
            style={{ minWidth: 0, flex: 1 }}
          >
            {issue.title}
          </Anchor>
          <Badge
            size="sm"
            variant="light"
            color={issue.level === 'fatal' || issue.level === 'error' ? 'red' : 'gray'}
          >
            {issue.count.toLocaleString('en-US')}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}
