import { useEffect, useState } from 'react';

/**
 * False until the frame after `when` first holds, then true for good. A page mounts its heavier
 * parts (a chart's canvas and layout take a few hundred ms) behind it, so that what it has already
 * rendered, such as table rows answered from the cache, paints first instead of waiting for them.
 */
export function useAfterPaint(when: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!when || after) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rAF runs before the paint; the timeout after it lands past the painted frame.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAfter(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [when, after]);
  return after;
}
