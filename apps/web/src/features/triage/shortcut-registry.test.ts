import { describe, expect, it } from 'vitest';
import { ISSUE_PAGE_KEYMAP } from './issue-keymap';
import { commandIn, type KeyInput, TRIAGE_KEYMAP } from './keymap';
import { SHORTCUT_SECTIONS } from './shortcut-registry';

const press = (key: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...extra,
});

describe('shortcut registry', () => {
  it('lists every binding the stream and the issue page handle', () => {
    const listed = new Set(SHORTCUT_SECTIONS.flatMap((section) => section.rows.flatMap((row) => row.keys)));
    for (const binding of [...TRIAGE_KEYMAP, ...ISSUE_PAGE_KEYMAP]) {
      for (const key of binding.keys) expect(listed.has(key), key).toBe(true);
    }
  });

  it('has one command per key on the issue page, and no key working in a field', () => {
    const keys = ISSUE_PAGE_KEYMAP.flatMap((binding) => binding.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(commandIn(ISSUE_PAGE_KEYMAP, press('r'))).toBe('resolve');
    expect(commandIn(ISSUE_PAGE_KEYMAP, press(']'))).toBe('newerEvent');
    expect(commandIn(ISSUE_PAGE_KEYMAP, press('r', { inField: true }))).toBeNull();
    expect(commandIn(ISSUE_PAGE_KEYMAP, press('i', { metaKey: true }))).toBeNull();
  });
});
