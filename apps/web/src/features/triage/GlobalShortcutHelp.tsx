/**
 * `?` on any page opens the shortcut overlay. A page with its own `?` handling (the stream) takes
 * the key first and marks it handled; this listener then stays out of the way.
 */
import { useState } from 'react';
import { KeyboardHelp } from './KeyboardHelp';
import { useKeymap } from './use-keymap';

const HELP_KEYMAP = [{ keys: ['?'], command: 'help', description: 'Show these shortcuts' }] as const;

export function GlobalShortcutHelp() {
  const [opened, setOpened] = useState(false);
  useKeymap(HELP_KEYMAP, () => {
    setOpened(true);
    return true;
  });
  return <KeyboardHelp opened={opened} onClose={() => setOpened(false)} />;
}
