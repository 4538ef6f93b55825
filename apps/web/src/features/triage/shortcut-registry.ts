/**
 * Every keyboard shortcut of the app, by where it works: the `?` overlay lists exactly this, and
 * each section is the table its page's handlers read (the stream's TRIAGE_KEYMAP, the issue
 * page's ISSUE_PAGE_KEYMAP), so a key added to a page shows in the overlay by itself.
 * The search box's keys are handled by the box (SearchBox.tsx) and listed here from SEARCH_BOX_KEYS.
 */
import { ISSUE_PAGE_KEYMAP } from './issue-keymap';
import { TRIAGE_KEYMAP } from './keymap';

export interface ShortcutRow {
  keys: readonly string[];
  description: string;
}

export interface ShortcutSection {
  id: 'everywhere' | 'stream' | 'search' | 'issue';
  title: string;
  rows: readonly ShortcutRow[];
}

export const GLOBAL_KEYS: readonly ShortcutRow[] = [
  { keys: ['?'], description: 'Show these shortcuts' },
  { keys: ['Escape'], description: 'Close the dialog, menu or list that is open' },
];

export const SEARCH_BOX_KEYS: readonly ShortcutRow[] = [
  { keys: ['ArrowDown', 'ArrowUp'], description: 'Move through the suggestions and recent searches' },
  { keys: ['Enter'], description: 'Choose the suggestion, or search now' },
  { keys: ['Tab'], description: 'Complete with the highlighted (or first) suggestion' },
  { keys: ['Escape'], description: 'Close the suggestions; again to leave the box' },
];

export const SHORTCUT_SECTIONS: readonly ShortcutSection[] = [
  { id: 'everywhere', title: 'Everywhere', rows: GLOBAL_KEYS },
  {
    id: 'stream',
    title: 'Issue stream',
    // `?` is listed once, under Everywhere.
    rows: TRIAGE_KEYMAP.filter((binding) => binding.command !== 'help'),
  },
  { id: 'search', title: 'Search box', rows: SEARCH_BOX_KEYS },
  { id: 'issue', title: 'Issue page', rows: ISSUE_PAGE_KEYMAP },
];

export const KEY_LABELS: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  Escape: 'Esc',
  Enter: 'Enter',
  Tab: 'Tab',
};
