/**
 * rrweb's maintained player (`rrweb-player`) over a replay's events. It replays the recorded DOM
 * in a sandboxed iframe exactly as recorded: the SDK's masking (text as `***`, blocked media)
 * stays. Errors are custom events tagged `error`, which the player marks on its progress bar.
 */
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';
import RrwebPlayer from 'rrweb-player';
import 'rrweb-player/dist/style.css';

export interface ReplayPlayerHandle {
  /** Jumps to `offsetMs` from the recording's start and pauses there. */
  seek(offsetMs: number): void;
}

interface ReplayPlayerProps {
  events: Record<string, unknown>[];
  width: number;
  height: number;
  onTime?: (offsetMs: number) => void;
  ref?: Ref<ReplayPlayerHandle>;
}

export const ERROR_MARK_COLOR = '#e03131';

export function ReplayPlayer({ events, width, height, onTime, ref }: ReplayPlayerProps) {
  const target = useRef<HTMLDivElement>(null);
  const player = useRef<RrwebPlayer | null>(null);
  const onTimeRef = useRef(onTime);
  onTimeRef.current = onTime;

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const instance = new RrwebPlayer({
      target: element,
      props: {
        // The recording's own events, unchanged; rrweb types them loosely as eventWithTime.
        events: events as never,
        width,
        height,
        autoPlay: false,
        skipInactive: true,
        tags: { error: ERROR_MARK_COLOR },
        mouseTail: false,
      },
    });
    instance.addEventListener('ui-update-current-time', (event) => {
      const payload = (event as { payload?: unknown }).payload;
      if (typeof payload === 'number') onTimeRef.current?.(payload);
    });
    sizeUnderCsp(element, width, height);
    instance.triggerResize();
    player.current = instance;
    return () => {
      // A Svelte 4 component: `$destroy` is its teardown (the bundled typings do not declare it).
      (instance as unknown as { $destroy(): void }).$destroy();
      player.current = null;
      element.replaceChildren();
    };
  }, [events, width, height]);

  useImperativeHandle(ref, () => ({
    seek: (offsetMs: number) => player.current?.goto(offsetMs, false),
  }));

  return <div ref={target} data-testid="replay-player" />;
}

/** rrweb-player's controller bar under the frame, in pixels (its `controllerHeight`). */
const CONTROLLER_HEIGHT = 80;

/**
 * The player sizes its frame with `style` attributes, which Dexter's Content-Security-Policy
 * (`style-src 'self'`, no inline styles) drops; the same sizes set through the CSSOM are allowed.
 */
function sizeUnderCsp(root: HTMLElement, width: number, height: number): void {
  const outer = root.querySelector<HTMLElement>('.rr-player');
  const frame = root.querySelector<HTMLElement>('.rr-player__frame');
  if (outer) {
    outer.style.width = `${width}px`;
    outer.style.height = `${height + CONTROLLER_HEIGHT}px`;
  }
  if (frame) {
    frame.style.width = `${width}px`;
    frame.style.height = `${height}px`;
  }
}
