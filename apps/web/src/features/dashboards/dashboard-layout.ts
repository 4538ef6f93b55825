/**
 * Between a dashboard's widgets and react-grid-layout's layout: the grid's items from the widgets,
 * and the widgets with the places the grid reports after a drag or resize, or null when nothing
 * moved (a click on a widget must not save the dashboard).
 */
import type { Widget, WidgetInput } from '@dexter/contracts';

export interface GridItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export const gridLayoutOf = (widgets: readonly Widget[]): GridItem[] =>
  widgets.map((widget) => ({ i: widget.id, ...widget.layout, minW: 2, minH: 2 }));

export function movedWidgets(widgets: readonly Widget[], layout: readonly GridItem[]): WidgetInput[] | null {
  const places = new Map(layout.map((item) => [item.i, item]));
  let moved = false;
  const next = widgets.map(({ id, title, kind, query, layout: before }) => {
    const item = places.get(id);
    const after = item ? { x: item.x, y: item.y, w: item.w, h: item.h } : before;
    if (after.x !== before.x || after.y !== before.y || after.w !== before.w || after.h !== before.h)
      moved = true;
    return { id, title, kind, query, layout: after };
  });
  return moved ? next : null;
}
