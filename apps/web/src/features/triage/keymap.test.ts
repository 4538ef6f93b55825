import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyInput, TRIAGE_KEYMAP } from './keymap';

const press = (key: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...extra,
});

describe('commandForKey', () => {
  it('maps the documented triage keys to their commands', () => {
    expect(commandForKey(press('j'))).toBe('focusNext');
    expect(commandForKey(press('k'))).toBe('focusPrevious');
    expect(commandForKey(press('Enter'))).toBe('open');
    expect(commandForKey(press('x'))).toBe('toggleSelect');
    expect(commandForKey(press('r'))).toBe('resolve');
    expect(commandForKey(press('i'))).toBe('ignore');
    expect(commandForKey(press('a'))).toBe('assign');
    expect(commandForKey(press('/'))).toBe('focusSearch');
    expect(commandForKey(press('?'))).toBe('help');
    expect(commandForKey(press('Escape'))).toBe('escape');
  });

  it('leaves keys with Ctrl, Meta or Alt to the browser', () => {
    expect(commandForKey(press('r', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(press('k', { metaKey: true }))).toBeNull();
    expect(commandForKey(press('j', { altKey: true }))).toBeNull();
  });

  it('only honours Escape while typing in a field', () => {
    expect(commandForKey(press('r', { inField: true }))).toBeNull();
    expect(commandForKey(press('/', { inField: true }))).toBeNull();
    expect(commandForKey(press('Escape', { inField: true }))).toBe('escape');
  });

  it('ignores keys that are not bound', () => {
    expect(commandForKey(press('q'))).toBeNull();
  });

  it('binds every key to one command only', () => {
    const keys = TRIAGE_KEYMAP.flatMap((binding) => binding.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
