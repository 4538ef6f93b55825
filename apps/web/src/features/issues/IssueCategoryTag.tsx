/**
 * An issue's error category (docs/categories.md): a plain tag in the stream row (rows stay free of
 * Mantine components, see IssueTableRow) and a badge with the confidence on the issue page that
 * opens the stream of that category.
 */
import type { IssueCategory } from '@dexter/contracts';
import { Badge, Tooltip } from '@mantine/core';
import type { CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { categoryDisplay } from './category-display';
import classes from './IssueTable.module.css';

const COLORS: Record<string, string> = {
  network: 'cyan',
  database: 'grape',
  timeout: 'orange',
  authentication: 'pink',
  permission: 'red',
  validation: 'yellow',
  null_access: 'indigo',
  resource_exhaustion: 'lime',
  configuration: 'teal',
  dependency: 'violet',
  ui_rendering: 'blue',
};

export const categoryColor = (id: string) => COLORS[id] ?? 'gray';

const percent = (confidence: number) => `${Math.round(confidence * 100)} %`;

/** The row's tag; unknown or absent categories (non-error issues) render nothing. */
export function IssueCategoryTag({ category }: { category: IssueCategory | undefined }) {
  if (!category) return null;
  const { text, uncertain } = categoryDisplay(category);
  const color = uncertain ? 'gray' : categoryColor(category.id);
  const style = {
    '--tag-bg': `var(--mantine-color-${color}-light)`,
    '--tag-color': `var(--mantine-color-${color}-light-color)`,
  } as CSSProperties;
  return (
    <span
      className={classes.levelTag}
      style={style}
      data-category={category.id}
      title={`Category: ${category.label} (confidence ${percent(category.confidence)})`}
    >
      {text}
    </span>
  );
}

/** The issue page's badge: the category, its confidence, and a link to every issue of it. */
export function IssueCategoryBadge({ category, org }: { category: IssueCategory | undefined; org: string }) {
  if (!category) return null;
  const { text, uncertain } = categoryDisplay(category);
  const search = new URLSearchParams({ query: `category:${category.id}` });
  return (
    <Tooltip
      label={`${uncertain ? 'An uncertain guess. ' : ''}Classifier confidence ${percent(category.confidence)}. Show every issue of this category.`}
    >
      <Badge
        component={Link}
        to={`/${encodeURIComponent(org)}/issues?${search}`}
        color={uncertain ? 'gray' : categoryColor(category.id)}
        variant={uncertain ? 'outline' : 'light'}
        radius="sm"
        style={{ cursor: 'pointer' }}
        aria-label={`Category ${category.label}, confidence ${percent(category.confidence)}`}
        data-testid="issue-category"
      >
        {text} · {percent(category.confidence)}
      </Badge>
    </Tooltip>
  );
}
