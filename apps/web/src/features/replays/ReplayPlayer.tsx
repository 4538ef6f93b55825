/**
 * rrweb's maintained player (`rrweb-player`) over a replay's events. It replays the recorded DOM
 * in a sandboxed iframe exactly as recorded: the SDK's masking (text as `***`, blocked media)
 * stays. Errors are custom events tagged `error`, which the player marks on its progress bar.
 */
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';
import RrwebPlayer from 'rrweb-player';
import 'rrweb-player/dist/style.css';
import { eventsWithStyleNonce, nonceOnCreatedStyles, pageStyleNonce } from './replay-style-nonce';

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
    const nonce = pageStyleNonce();
    const restorePageCreateElement = nonceOnCreatedStyles(nonce, [document]);
    const instance = new RrwebPlayer({
      target: element,
      props: {
        // The recording's own events, their style elements given the page's nonce (see
        // replay-style-nonce.ts); rrweb types them loosely as eventWithTime.
        events: eventsWithStyleNonce(events, nonce) as never,
        width,
        height,
        autoPlay: false,
        skipInactive: true,
        tags: { error: ERROR_MARK_COLOR },
        mouseTail: false,
      },
    });
    const frameDocument = instance.getReplayer().iframe.contentDocument;
    const restoreFrameCreateElement = nonceOnCreatedStyles(nonce, frameDocument ? [frameDocument] : []);
    instance.addEventListener('ui-update-current-time', (event) => {
      const payload = (event as { payload?: unknown }).payload;
      if (typeof payload === 'number') onTimeRef.current?.(payload);
    });
    instance.triggerResize();
    player.current = instance;
    return () => {
      // A Svelte 4 component: `$destroy` is its teardown (the bundled typings do not declare it).
      (instance as unknown as { $destroy(): void }).$destroy();
      restoreFrameCreateElement();
      restorePageCreateElement();
      player.current = null;
      element.replaceChildren();
    };
  }, [events, width, height]);

  useImperativeHandle(ref, () => ({
    seek: (offsetMs: number) => player.current?.goto(offsetMs, false),
  }));

  return <div ref={target} data-testid="replay-player" />;
}
