/**
 * One document listener for a page's keymap (see keymap.ts for the rules every keymap follows). A
 * handler returns false when the command does not apply right now; the key then keeps its
 * browser meaning. Keys are left alone while a dialog is open: the dialog owns them.
 */
import { useEffect, useRef } from 'react';
import { commandIn, isTypingTarget, type KeyBinding } from './keymap';

export function useKeymap<C extends string>(
  keymap: readonly KeyBinding<C>[],
  handler: (command: C, event: KeyboardEvent) => boolean,
  enabled = true,
) {
  const latest = useRef(handler);
  latest.current = handler;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || isDialogOpen()) return;
      const command = commandIn(keymap, {
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
  }, [keymap, enabled]);
}

export function isDialogOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"], .mantine-Modal-content') !== null;
}
