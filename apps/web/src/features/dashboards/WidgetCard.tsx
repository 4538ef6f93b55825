/**
 * One widget on the grid: its title is the drag handle; its menu opens the query in Discover
 * (under the dashboard's filters), edits it (Discover's builder for Discover widgets, a form for
 * issue and release widgets) or removes it. The body fills what the grid gives it.
 */
import { DISCOVER_WIDGET_KINDS, type Widget } from '@dexter/contracts';
import { ActionIcon, Group, Menu, Paper, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { type QueryFilters, withFilters } from '../../lib/discover-raw-query';
import { WidgetAlerts } from './WidgetAlerts';
import { WidgetDiscover } from './WidgetDiscover';
import { WidgetIssues } from './WidgetIssues';
import { WidgetReleases } from './WidgetReleases';
import type { WidgetProjects } from './widget-queries';

export const ROW_HEIGHT = 60;
export const GRID_MARGIN = 12;
const HEADER_HEIGHT = 34;
const PADDING = 12;

export const DRAG_HANDLE_CLASS = 'dexter-widget-handle';

interface Props {
  org: string;
  dashboardId: number;
  widget: Widget;
  filters: QueryFilters;
  /** A team board's projects (its releases and alerts widgets show those), null for every project. */
  projects: WidgetProjects;
  canEdit: boolean;
  onEdit: (widget: Widget) => void;
  onRemove: (widget: Widget) => void;
}

export function discoverLink(org: string, widget: Widget, filters: QueryFilters): string {
  const base = `/${encodeURIComponent(org)}`;
  if (widget.kind === 'issues') return `${base}/issues?${new URLSearchParams({ query: widget.query })}`;
  if (widget.kind === 'releases') return `${base}/releases`;
  if (widget.kind === 'alerts') return `${base}/alerts`;
  return `${base}/discover?${withFilters(widget.query, filters)}`;
}

export function WidgetCard({
  org,
  dashboardId,
  widget,
  filters,
  projects,
  canEdit,
  onEdit,
  onRemove,
}: Props) {
  const isDiscover = DISCOVER_WIDGET_KINDS.includes(widget.kind);
  const bodyHeight =
    widget.layout.h * ROW_HEIGHT + (widget.layout.h - 1) * GRID_MARGIN - HEADER_HEIGHT - 2 * PADDING;
  const editInDiscover = `${discoverLink(org, widget, filters)}&widget=${dashboardId}:${widget.id}`;
  return (
    <Paper
      component="section"
      withBorder
      p={PADDING}
      h="100%"
      style={{ overflow: 'hidden' }}
      aria-label={`Widget ${widget.title}`}
    >
      <Group justify="space-between" wrap="nowrap" h={HEADER_HEIGHT} align="flex-start">
        <Text
          fw={600}
          size="sm"
          truncate="end"
          className={DRAG_HANDLE_CLASS}
          style={{ cursor: canEdit ? 'move' : 'default', flex: 1 }}
        >
          {widget.title}
        </Text>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" size="sm" aria-label={`Actions of ${widget.title}`}>
              ⋯
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component={Link} to={discoverLink(org, widget, filters)}>
              {isDiscover
                ? 'Open in Discover'
                : widget.kind === 'issues'
                  ? 'Open in the issue stream'
                  : widget.kind === 'alerts'
                    ? 'Open alerts'
                    : 'Open releases'}
            </Menu.Item>
            {canEdit && isDiscover && (
              <Menu.Item component={Link} to={editInDiscover}>
                Edit in Discover
              </Menu.Item>
            )}
            {canEdit && (
              <Menu.Item onClick={() => onEdit(widget)}>
                {isDiscover ? 'Title and display…' : 'Edit…'}
              </Menu.Item>
            )}
            {canEdit && (
              <Menu.Item color="red" onClick={() => onRemove(widget)}>
                Remove
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {widget.kind === 'issues' ? (
        <WidgetIssues org={org} widget={widget} filters={filters} height={bodyHeight} />
      ) : widget.kind === 'releases' ? (
        <WidgetReleases org={org} widget={widget} filters={filters} projects={projects} height={bodyHeight} />
      ) : widget.kind === 'alerts' ? (
        <WidgetAlerts org={org} widget={widget} filters={filters} projects={projects} height={bodyHeight} />
      ) : (
        <WidgetDiscover org={org} widget={widget} filters={filters} height={bodyHeight} />
      )}
    </Paper>
  );
}
