/**
 * The small rules symbolication leans on: which uploaded URLs a frame may match, how a map
 * reference resolves against its script, what a source path shows as, which function a line sits
 * in, and that the parsed-map cache stays within its bounds.
 */
import { TraceMap } from '@jridgewell/trace-mapping';
import { describe, expect, it } from 'vitest';
import { enclosingFunctionName } from './enclosing-function';
import { createParsedMapCache } from './parsed-map-cache';
import { resolveReference } from './source-map-lookup';
import { cleanSourcePath, resolveSource } from './symbolicate-frames';
import { urlCandidates } from './url-candidates';

describe('urlCandidates', () => {
  it('tries the URL itself, without its query, then ~/ paths from longest to shortest', () => {
    expect(urlCandidates('https://cdn.example/static/js/app.min.js?v=3#x')).toEqual([
      'https://cdn.example/static/js/app.min.js?v=3',
      'https://cdn.example/static/js/app.min.js',
      '~/static/js/app.min.js?v=3',
      '~/static/js/app.min.js',
      '~/js/app.min.js',
      '~/app.min.js',
    ]);
  });

  it('treats an absolute file path (Node frames) like a URL path', () => {
    expect(urlCandidates('/srv/app/dist/app.min.js')).toEqual([
      '/srv/app/dist/app.min.js',
      '~/srv/app/dist/app.min.js',
      '~/app/dist/app.min.js',
      '~/dist/app.min.js',
      '~/app.min.js',
    ]);
  });

  it('has only the value itself for names that are not paths', () => {
    expect(urlCandidates('<anonymous>')).toEqual(['<anonymous>']);
  });
});

describe('source paths', () => {
  it('resolves map references against the script URL, keeping ~/', () => {
    expect(resolveReference('~/static/app.min.js', 'app.min.js.map')).toBe('~/static/app.min.js.map');
    expect(resolveReference('~/static/app.min.js', '../maps/app.map')).toBe('~/maps/app.map');
    expect(resolveReference('https://cdn.example/a/app.js', 'app.js.map')).toBe(
      'https://cdn.example/a/app.js.map',
    );
    expect(resolveReference('~/a.js', 'https://maps.example/a.js.map')).toBe('https://maps.example/a.js.map');
  });

  it('resolves original sources against the minified file, for URLs and file paths', () => {
    expect(resolveSource('https://cdn.example/dist/app.min.js', '../src/app.ts')).toBe(
      'https://cdn.example/src/app.ts',
    );
    expect(resolveSource('/srv/app/dist/app.min.js', '../src/my app.ts')).toBe('/srv/app/src/my app.ts');
    expect(resolveSource('/srv/app.min.js', 'webpack://shop/./src/a.ts')).toBe('webpack://shop/./src/a.ts');
  });

  it('shows sources without bundler schemes and leading ./ or ../', () => {
    expect(cleanSourcePath('../src/app.ts')).toBe('src/app.ts');
    expect(cleanSourcePath('webpack://shop/./src/a.ts')).toBe('src/a.ts');
    expect(cleanSourcePath('file:///srv/app/src/a.ts')).toBe('/srv/app/src/a.ts');
  });
});

describe('enclosingFunctionName', () => {
  const lines = `export function validateCart(cart) {
  if (cart.items.length === 0) {
    throw new Error('empty');
  }
}
class Shop {
  async pay(amount: number): Promise<void> {
    for (const x of [1]) {
      fail(x);
    }
  }
}
const total = (items) => {
  return items.reduce((sum, item) => {
    return sum + item;
  }, 0);
};`.split('\n');

  it('names declarations, methods and named arrow functions, stepping out of if and for blocks', () => {
    expect(enclosingFunctionName(lines, 2)).toBe('validateCart');
    expect(enclosingFunctionName(lines, 8)).toBe('pay');
    // The call on a line that also opens a callback: only what precedes the column counts.
    expect(enclosingFunctionName(lines, 13, '  return items.'.length)).toBe('total');
  });

  it('answers null inside an anonymous function rather than naming its parent', () => {
    expect(enclosingFunctionName(lines, 14)).toBeNull();
  });
});

describe('parsed map cache', () => {
  const entry = (size: number) => ({
    map: new TraceMap({ version: 3, sources: [], names: [], mappings: '' }),
    lines: new Map(),
    size,
  });

  it('drops the least recently used maps beyond its entry and size bounds', () => {
    const cache = createParsedMapCache({ maxEntries: 2, maxChars: 100 });
    cache.set(1, entry(10));
    cache.set(2, entry(10));
    cache.get(1);
    cache.set(3, entry(10));
    expect([cache.get(1), cache.get(2), cache.get(3)].map(Boolean)).toEqual([true, false, true]);
    cache.set(4, entry(95));
    expect(cache.size).toBe(1);
    expect(cache.get(4)).toBeDefined();
  });
});
