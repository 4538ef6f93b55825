/**
 * The dashboard's widgets on a 12-column react-grid-layout grid. Dragging (by a widget's title)
 * and resizing are on for those who may change the dashboard; the new places are saved when a drag
 * or resize ends, and only when something moved.
 */
import { DASHBOARD_COLUMNS, type Widget, type WidgetInput } from '@dexter/contracts';
import { useMemo } from 'react';
import ReactGridLayout, { type Layout, useContainerWidth } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import type { QueryFilters } from '../../lib/discover-raw-query';
import { gridLayoutOf, movedWidgets } from './dashboard-layout';
import { DRAG_HANDLE_CLASS, GRID_MARGIN, ROW_HEIGHT, WidgetCard } from './WidgetCard';
import type { WidgetProjects } from './widget-queries';

interface Props {
  org: string;
  dashboardId: number;
  widgets: Widget[];
  filters: QueryFilters;
  projects: WidgetProjects;
  canEdit: boolean;
  onMove: (widgets: WidgetInput[]) => void;
  onEdit: (widget: Widget) => void;
  onRemove: (widget: Widget) => void;
}

export function DashboardGrid({
  org,
  dashboardId,
  widgets,
  filters,
  projects,
  canEdit,
  onMove,
  onEdit,
  onRemove,
}: Props) {
  const { width, containerRef, mounted } = useContainerWidth();
  const layout = useMemo(() => gridLayoutOf(widgets), [widgets]);
  const settle = (next: Layout) => {
    const moved = movedWidgets(widgets, next);
    if (moved) onMove(moved);
  };
  return (
    <div ref={containerRef} data-testid="dashboard-grid">
      {mounted && (
        <ReactGridLayout
          layout={layout}
          width={width}
          gridConfig={{ cols: DASHBOARD_COLUMNS, rowHeight: ROW_HEIGHT, margin: [GRID_MARGIN, GRID_MARGIN] }}
          dragConfig={{ enabled: canEdit, handle: `.${DRAG_HANDLE_CLASS}` }}
          resizeConfig={{ enabled: canEdit }}
          onDragStop={(next) => settle(next)}
          onResizeStop={(next) => settle(next)}
        >
          {widgets.map((widget) => (
            <div key={widget.id} data-widget-id={widget.id}>
              <WidgetCard
                org={org}
                dashboardId={dashboardId}
                widget={widget}
                filters={filters}
                projects={projects}
                canEdit={canEdit}
                onEdit={onEdit}
                onRemove={onRemove}
              />
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}
