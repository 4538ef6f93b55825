/**
 * The trace's spans as a waterfall: one row per span, indented under its parent, with a timing
 * bar on the trace's time axis colored by service and a red diamond where an error was captured.
 * Virtualized (only the rows in view are in the DOM), so a 10,000-span trace paints as fast as a
 * small one; a row's chevron collapses its subtree.
 */
import type { TraceSpanRow, TraceView } from '@dexter/contracts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import classes from './TraceWaterfall.module.css';
import { axisTicks, barGeometry, formatDuration, visibleRows } from './waterfall-model';

const ROW_HEIGHT = 26;
const HEAD_HEIGHT = 30;
const INDENT_PX = 14;
/** Deeper rows stop indenting, so the name column stays readable. */
const MAX_INDENT_DEPTH = 24;

interface TraceWaterfallProps {
  trace: TraceView;
  colors: ReadonlyMap<string, string>;
  selectedId: string | null;
  onSelect: (span: TraceSpanRow) => void;
}

export function TraceWaterfall({ trace, colors, selectedId, onSelect }: TraceWaterfallProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => visibleRows(trace.spans, collapsed), [trace.spans, collapsed]);
  const start = trace.start ?? 0;
  const end = trace.end ?? start;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    overscan: 12,
    useFlushSync: false,
  });

  // Opened on an error's span (from an issue): bring it into view once.
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((i) => trace.spans[i]!.id === selectedId);
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (selectedIndex < 0 || scrolledTo.current === selectedId) return;
    scrolledTo.current = selectedId;
    virtualizer.scrollToIndex(selectedIndex, { align: 'center' });
  }, [selectedIndex, selectedId, virtualizer]);

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div ref={scrollRef} className={classes.scroller} role="tree" aria-label="Trace waterfall">
      <div className={classes.head}>
        <span style={{ paddingLeft: 8 }}>Span</span>
        <div className={classes.axis} style={{ marginRight: 64 }}>
          {axisTicks(end - start).map((offset) => (
            <span
              key={offset}
              className={classes.tick}
              style={{ left: `${(offset / Math.max(end - start, 1e-6)) * 100}%` }}
            >
              {formatDuration(offset)}
            </span>
          ))}
        </div>
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const span = trace.spans[rows[item.index]!]!;
          return (
            <WaterfallRow
              key={span.id}
              span={span}
              top={item.start - HEAD_HEIGHT}
              traceStart={start}
              traceEnd={end}
              color={colors.get(span.project) ?? 'gray'}
              selected={span.id === selectedId}
              collapsed={collapsed.has(span.id)}
              onSelect={onSelect}
              onToggle={toggle}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  span: TraceSpanRow;
  top: number;
  traceStart: number;
  traceEnd: number;
  color: string;
  selected: boolean;
  collapsed: boolean;
  onSelect: (span: TraceSpanRow) => void;
  onToggle: (id: string) => void;
}

const WaterfallRow = memo(function WaterfallRow(props: RowProps) {
  const { span, top, traceStart, traceEnd, color, selected, collapsed, onSelect, onToggle } = props;
  const bar = barGeometry(span, traceStart, traceEnd);
  const total = Math.max(traceEnd - traceStart, 1e-6);
  const fill = `var(--mantine-color-${color}-filled)`;
  return (
    <div
      role="treeitem"
      aria-level={span.depth + 1}
      aria-selected={selected}
      aria-expanded={span.descendants > 0 ? !collapsed : undefined}
      aria-label={`${span.op} ${span.description}`}
      data-span-id={span.id}
      tabIndex={-1}
      className={`${classes.row} ${selected ? classes.selected : ''}`}
      style={{ top, height: ROW_HEIGHT }}
      onClick={() => onSelect(span)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onSelect(span);
      }}
    >
      <div
        className={classes.name}
        style={{ paddingLeft: 4 + Math.min(span.depth, MAX_INDENT_DEPTH) * INDENT_PX }}
      >
        {span.descendants > 0 ? (
          <button
            type="button"
            className={classes.toggle}
            aria-label={collapsed ? `Expand ${span.descendants} spans` : `Collapse ${span.descendants} spans`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(span.id);
            }}
          >
            {collapsed ? '▶' : '▼'}
          </button>
        ) : (
          <span className={classes.spacer} />
        )}
        <span className={classes.dot} style={{ background: fill }} title={span.project} />
        <span className={classes.op}>{span.op || 'span'}</span>
        <span className={classes.description} title={span.description}>
          {span.description}
        </span>
        {span.errors.length > 0 && (
          <span className={classes.errorMark} title={span.errors.map((e) => e.title).join('\n')}>
            ◆ {span.errors.length}
          </span>
        )}
        {collapsed && <span className={classes.description}>(+{span.descendants})</span>}
      </div>
      <div className={classes.lane}>
        <div
          className={classes.bar}
          style={{ left: `${bar.left}%`, width: `${bar.width}%`, background: fill }}
        />
        <span className={classes.duration} style={{ left: `${bar.left + bar.width}%` }}>
          {formatDuration(span.duration)}
        </span>
        {span.errors.map((error) => (
          <span
            key={error.eventId}
            className={classes.errorPin}
            title={error.title}
            style={{ left: `${(((error.timestamp ?? span.start) - traceStart) / total) * 100}%` }}
          />
        ))}
      </div>
    </div>
  );
});
