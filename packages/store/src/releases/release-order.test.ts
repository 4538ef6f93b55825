/** Release order: semver when both versions are semver, else dates; the newest of a project's releases. */
import { describe, expect, it } from 'vitest';
import { compareReleases, latestRelease, parseSemver } from './release-order';

const r = (version: string, date = 0) => ({ version, date });

describe('parseSemver', () => {
  it('reads package@version with up to four parts, a pre-release and build metadata', () => {
    expect(parseSemver('shop@1.2.3-rc.1+build.7')).toEqual({ parts: [1, 2, 3, 0], pre: ['rc', '1'] });
    expect(parseSemver('2.0')).toEqual({ parts: [2, 0, 0, 0], pre: [] });
    expect(parseSemver('a@b@1.0.0.4')).toEqual({ parts: [1, 0, 0, 4], pre: [] });
  });

  it('refuses versions that are not semver', () => {
    for (const version of ['build-blue', 'abc123def', '1.2.3.4.5', 'v1.2.3', '1..2', ''])
      expect(parseSemver(version), version).toBeNull();
  });
});

describe('compareReleases', () => {
  it('orders semver numerically, whatever the dates say', () => {
    expect(compareReleases(r('app@1.10.0', 1), r('app@1.9.0', 2))).toBe(1);
    expect(compareReleases(r('app@1.4.0', 9), r('app@2.0.0', 1))).toBe(-1);
  });

  it('puts a pre-release before its release, and compares pre-release identifiers by SemVer rules', () => {
    expect(compareReleases(r('1.0.0-rc.1'), r('1.0.0'))).toBe(-1);
    expect(compareReleases(r('1.0.0-rc.2'), r('1.0.0-rc.10'))).toBe(-1);
    expect(compareReleases(r('1.0.0-alpha'), r('1.0.0-1'))).toBe(1);
    expect(compareReleases(r('1.0.0-alpha'), r('1.0.0-alpha.1'))).toBe(-1);
  });

  it('falls back to dates when either version is not semver, or both are the same semver', () => {
    expect(compareReleases(r('build-green', 2), r('build-blue', 1))).toBe(1);
    expect(compareReleases(r('1.0.0', 5), r('nightly', 9))).toBe(-1);
    expect(compareReleases(r('1.0.0+a', 3), r('1.0.0+b', 1))).toBe(1);
  });

  it('says neither for the same version', () => {
    expect(compareReleases(r('x', 1), r('x', 2))).toBe(0);
  });
});

describe('latestRelease', () => {
  it('is the greatest semver when every release is semver', () => {
    expect(latestRelease([r('2.0.0', 1), r('1.4.0', 3), r('2.0.0-rc.1', 2)])?.version).toBe('2.0.0');
  });

  it('is the newest by date as soon as one release is not semver', () => {
    expect(latestRelease([r('2.0.0', 1), r('1.4.0', 3), r('nightly', 2)])?.version).toBe('1.4.0');
  });

  it('is null for no releases', () => {
    expect(latestRelease([])).toBeNull();
  });
});
