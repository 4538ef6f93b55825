import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from './next-path';

describe('safeNextPath', () => {
  it('follows paths on this site', () => {
    expect(safeNextPath('/dexter/issues?query=is%3Aunresolved')).toBe('/dexter/issues?query=is%3Aunresolved');
  });

  it('refuses other sites, protocol-relative and backslash tricks, and the auth pages themselves', () => {
    for (const next of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
      null,
      '/sign-in',
      '/change-password?x',
    ]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });

  it('builds the sign-in link that brings the user back', () => {
    expect(signInPathFor('/')).toBe('/sign-in');
    expect(signInPathFor('/dexter/issues/4')).toBe('/sign-in?next=%2Fdexter%2Fissues%2F4');
  });
});
