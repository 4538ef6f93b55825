/**
 * Routes keydown events on the page to triage commands (see keymap.ts). One document listener,
 * not one per row, so virtualized rows can come and go. A handler returns false when the command
 * does not apply right now; the key then keeps its browser meaning.
 */
import { useEffect, useRef } from 'react';
import { commandForKey, isTypingTarget, type TriageCommand } from './keymap';

export type TriageHandler = (command: TriageCommand, event: KeyboardEvent) => boolean;

export function useTriageKeys(handler: TriageHandler, enabled: boolean) {
  const latest = useRef(handler);
  latest.current = handler;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = commandForKey({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inField: isTypingTarget(event.target),
      });
      if (command && latest.current(command, event)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

/** Enter opens the focused row only from the page or a row, never from a button or a link. */
export function isRowOrPage(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return true;
  return target === document.body || target.tagName === 'TR';
}
