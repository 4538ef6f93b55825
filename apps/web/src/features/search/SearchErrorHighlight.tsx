/**
 * Marks the part of the search box's text the parser refused, in the box itself: a copy of the
 * text laid exactly over the input (same box, padding and font, read from the input), invisible
 * except for the marked range, and scrolled with the input. A problem at the very end (`release:`
 * with nothing after it) is a red block where the missing part goes.
 */
import { type RefObject, useLayoutEffect, useState } from 'react';
import type { SearchProblem } from './search-check';

interface Geometry {
  left: number;
  top: number;
  width: number;
  height: number;
  paddingLeft: string;
  paddingRight: string;
  fontFamily: string;
  fontSize: string;
  fontWeight: string;
  fontStyle: string;
  letterSpacing: string;
  scrollLeft: number;
}

export function SearchErrorHighlight({
  input,
  text,
  problem,
}: {
  input: RefObject<HTMLInputElement | null>;
  text: string;
  problem: SearchProblem;
}) {
  const [geometry, setGeometry] = useState<Geometry | null>(null);

  useLayoutEffect(() => {
    const element = input.current;
    // The overlay is positioned in the search box's own (relative) container.
    const container = element?.closest('[data-testid="search-box"]');
    if (!element || !container) return;
    const measure = () => {
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      const outer = container.getBoundingClientRect();
      setGeometry({
        left: box.left - outer.left + element.clientLeft,
        top: box.top - outer.top + element.clientTop,
        width: element.clientWidth,
        height: element.clientHeight,
        paddingLeft: style.paddingLeft,
        paddingRight: style.paddingRight,
        // Longhands: the `font` shorthand reads back empty when the input's line-height is not
        // expressible in it, which left the copy in another font, its mark drifting off.
        fontFamily: style.fontFamily,
        fontSize: style.fontSize,
        fontWeight: style.fontWeight,
        fontStyle: style.fontStyle,
        letterSpacing: style.letterSpacing,
        scrollLeft: element.scrollLeft,
      });
    };
    measure();
    element.addEventListener('scroll', measure);
    element.addEventListener('input', measure);
    const resize = new ResizeObserver(measure);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      element.removeEventListener('input', measure);
      resize.disconnect();
    };
  }, [input]);

  if (!geometry) return null;
  const atEnd = problem.start === problem.end;
  return (
    <div
      aria-hidden="true"
      style={{
        position: 'absolute',
        left: geometry.left,
        top: geometry.top,
        width: geometry.width,
        height: geometry.height,
        paddingLeft: geometry.paddingLeft,
        paddingRight: geometry.paddingRight,
        fontFamily: geometry.fontFamily,
        fontSize: geometry.fontSize,
        fontWeight: geometry.fontWeight,
        fontStyle: geometry.fontStyle,
        letterSpacing: geometry.letterSpacing,
        lineHeight: `${geometry.height}px`,
        whiteSpace: 'pre',
        overflow: 'hidden',
        pointerEvents: 'none',
        color: 'transparent',
        boxSizing: 'border-box',
      }}
    >
      <span style={{ display: 'inline-block', transform: `translateX(${-geometry.scrollLeft}px)` }}>
        {text.slice(0, problem.start)}
        <mark
          data-testid="search-error-highlight"
          data-start={problem.start}
          data-end={problem.end}
          style={{
            color: 'transparent',
            background: 'rgba(250, 82, 82, 0.22)',
            borderBottom: '2px solid var(--mantine-color-red-6)',
            borderRadius: 2,
            ...(atEnd ? { display: 'inline-block', width: '0.7em' } : {}),
          }}
        >
          {atEnd ? '\u00a0' : text.slice(problem.start, problem.end)}
        </mark>
        {text.slice(problem.end)}
      </span>
    </div>
  );
}
