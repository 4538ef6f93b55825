/**
 * The stream's keyboard shortcuts, in one table: the help dialog lists it and `commandForKey`
 * reads it, so what is documented is what works. Pure, so it is tested without a DOM.
 * Invariants: no shortcut fires with Ctrl, Meta or Alt held (those belong to the browser), and
 * while typing in a field only Escape is a command (it leaves the field).
 */
export type TriageCommand =
  | 'focusNext'
  | 'focusPrevious'
  | 'open'
  | 'toggleSelect'
  | 'resolve'
  | 'ignore'
  | 'assign'
  | 'bookmark'
  | 'selectAllMatching'
  | 'focusSearch'
  | 'help'
  | 'escape';

export interface KeyBinding<C extends string = TriageCommand> {
  keys: readonly string[];
  command: C;
  description: string;
}

export const TRIAGE_KEYMAP: readonly KeyBinding[] = [
  { keys: ['j', 'ArrowDown'], command: 'focusNext', description: 'Next issue' },
  { keys: ['k', 'ArrowUp'], command: 'focusPrevious', description: 'Previous issue' },
  { keys: ['Enter'], command: 'open', description: 'Open the focused issue' },
  { keys: ['x'], command: 'toggleSelect', description: 'Select or unselect the focused issue' },
  { keys: ['r'], command: 'resolve', description: 'Resolve the selection, or the focused issue' },
  { keys: ['i'], command: 'ignore', description: 'Ignore forever the selection, or the focused issue' },
  { keys: ['a'], command: 'assign', description: 'Assign the selection, or the focused issue' },
  { keys: ['b'], command: 'bookmark', description: 'Bookmark the selection, or the focused issue' },
  { keys: ['*'], command: 'selectAllMatching', description: 'Act on every issue matching the search' },
  { keys: ['/'], command: 'focusSearch', description: 'Search' },
  { keys: ['?'], command: 'help', description: 'Show these shortcuts' },
  {
    keys: ['Escape'],
    command: 'escape',
    description: 'Close the dialog, leave the search, clear the selection',
  },
];

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The event comes from an input, a textarea, a select or an editable element. */
  inField: boolean;
}

/** The command a key means in a keymap, under the invariants above. */
export function commandIn<C extends string>(keymap: readonly KeyBinding<C>[], input: KeyInput): C | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  const command = keymap.find((binding) => binding.keys.includes(input.key))?.command ?? null;
  if (input.inField) return command === 'escape' ? command : null;
  return command;
}

export function commandForKey(input: KeyInput): TriageCommand | null {
  return commandIn(TRIAGE_KEYMAP, input);
}

/** Whether an event target is somewhere the user types (shortcuts must not steal keys there). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
