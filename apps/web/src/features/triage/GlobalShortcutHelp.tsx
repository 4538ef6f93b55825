/**
 * `?` on any page opens the shortcut overlay. A page with its own `?` handling (the stream) takes
 * the key first and marks it handled; this listener then stays out of the way.
 */
import { useState } from 'react';
import { useMatch } from 'react-router-dom';
import { KeyboardHelp } from './KeyboardHelp';
import { useKeymap } from './use-keymap';

const HELP_KEYMAP = [{ keys: ['?'], command: 'help', description: 'Show these shortcuts' }] as const;

export function GlobalShortcutHelp() {
  const [opened, setOpened] = useState(false);
  const onIssue = useMatch('/:org/issues/:issueId/*') !== null;
  const onStream = useMatch('/:org/issues') !== null;
  useKeymap(HELP_KEYMAP, () => {
    setOpened(true);
    return true;
  });
  return (
    <KeyboardHelp
      opened={opened}
      onClose={() => setOpened(false)}
      current={onIssue ? 'issue' : onStream ? 'stream' : 'everywhere'}
    />
  );
}
