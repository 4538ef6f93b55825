import type { Widget } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { gridLayoutOf, movedWidgets } from './dashboard-layout';

const widgets: Widget[] = [
  { id: 'a', title: 'A', kind: 'line', query: 'field=count()', layout: { x: 0, y: 0, w: 6, h: 4 } },
  { id: 'b', title: 'B', kind: 'releases', query: '', layout: { x: 6, y: 0, w: 6, h: 4 } },
];

describe('dashboard layout', () => {
  it('gives the grid one item per widget, keyed by its id', () => {
    expect(gridLayoutOf(widgets).map(({ i, x, w }) => [i, x, w])).toEqual([
      ['a', 0, 6],
      ['b', 6, 6],
    ]);
  });

  it('returns the widgets with their new places after a move, and null when nothing moved', () => {
    expect(movedWidgets(widgets, gridLayoutOf(widgets))).toBeNull();
    const swapped = [
      { i: 'a', x: 6, y: 0, w: 6, h: 4 },
      { i: 'b', x: 0, y: 0, w: 6, h: 5 },
    ];
    expect(movedWidgets(widgets, swapped)?.map((w) => [w.id, w.layout])).toEqual([
      ['a', { x: 6, y: 0, w: 6, h: 4 }],
      ['b', { x: 0, y: 0, w: 6, h: 5 }],
    ]);
  });
});
