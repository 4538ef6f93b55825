/**
 * The issue page's keyboard shortcuts, one table like the stream's (keymap.ts): the `?` overlay
 * lists it and the page's handlers read it through `useKeymap`, so help cannot drift from keys.
 */
import type { KeyBinding } from './keymap';

export type IssuePageCommand =
  | 'resolve'
  | 'ignore'
  | 'assign'
  | 'bookmark'
  | 'olderEvent'
  | 'newerEvent'
  | 'latestEvent'
  | 'backToStream';

export const ISSUE_PAGE_KEYMAP: readonly KeyBinding<IssuePageCommand>[] = [
  { keys: ['r'], command: 'resolve', description: 'Resolve the issue (or unresolve it); the toast can undo' },
  {
    keys: ['i'],
    command: 'ignore',
    description: 'Ignore the issue forever (or stop ignoring it); the toast can undo',
  },
  { keys: ['a'], command: 'assign', description: 'Assign the issue' },
  { keys: ['b'], command: 'bookmark', description: 'Bookmark the issue, or remove the bookmark' },
  { keys: ['['], command: 'olderEvent', description: 'Older event' },
  { keys: [']'], command: 'newerEvent', description: 'Newer event' },
  { keys: ['l'], command: 'latestEvent', description: 'Latest event' },
  { keys: ['u'], command: 'backToStream', description: 'Back to the issue stream' },
];
