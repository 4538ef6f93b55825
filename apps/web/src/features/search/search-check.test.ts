import { describe, expect, it } from 'vitest';
import { assertValidSearch, checkSearch, INVALID_SEARCH_CODE } from './search-check';

describe('checkSearch', () => {
  it('accepts what the server grammar accepts, including an empty box', () => {
    expect(checkSearch('')).toEqual({ ok: true });
    expect(checkSearch('release:1.2.0 TypeError')).toEqual({ ok: true });
    expect(checkSearch('level:error OR (is:resolved times_seen:>10)')).toEqual({ ok: true });
  });

  it('puts a half-typed key at its position in the box, not after a hidden status prefix', () => {
    const check = checkSearch('release:');
    expect(check).toEqual({
      ok: false,
      problem: { start: 8, end: 8, message: 'Expected a value after "release:" at the end' },
    });
    const inner = checkSearch('TypeError release: level:error');
    expect(inner.ok || inner.problem.start).toBe(18);
  });

  it('highlights the word at fault, and an open quote up to the end', () => {
    const operator = checkSearch('level:error AND');
    expect(operator).toMatchObject({ ok: false, problem: { start: 15, end: 15 } });
    const value = checkSearch('times_seen:>abc browser:x');
    expect(value).toMatchObject({ ok: false, problem: { start: 12, end: 15 } });
    const quote = checkSearch('message:"oh no');
    expect(quote).toMatchObject({ ok: false, problem: { start: 8, end: 14 } });
  });

  it('refuses an invalid search before any request, naming its place in the text', () => {
    expect(() => assertValidSearch('level:error')).not.toThrow();
    expect(() => assertValidSearch('release:')).toThrow(
      expect.objectContaining({
        status: 400,
        code: INVALID_SEARCH_CODE,
        message: 'The search is not valid: Expected a value after "release:" at the end.',
      }),
    );
  });
});
