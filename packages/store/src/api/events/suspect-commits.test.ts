/** Matching frame paths to changed files, and ranking the commits, as Sentry's `committers.py` does. */
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent, NormalizedFrame } from '../../ingest/normalize/normalized-event';
import { framePaths, pathTokens, rankSuspects, scorePathMatch } from './suspect-commits';

const frame = (filename: string, inApp = true): NormalizedFrame =>
  ({ filename, absPath: null, inApp }) as NormalizedFrame;

describe('path matching', () => {
  it('counts equal segments from the file name backwards, case-insensitively', () => {
    expect(scorePathMatch('src/orders/Cart.ts', '/app/src/orders/cart.ts')).toBe(3);
    expect(scorePathMatch('lib/cart.ts', '/app/src/cart.ts')).toBe(1);
    expect(scorePathMatch('src/cart.ts', 'src/basket.ts')).toBe(0);
  });

  it('drops URL schemes and hosts, `~`, `.` and Windows separators', () => {
    expect(pathTokens('app:///dist/./main.js')).toEqual(['main.js', 'dist']);
    expect(pathTokens('webpack://shop/~/src/a.js')).toEqual(['a.js', 'src']);
    expect(pathTokens('C:\\work\\src\\a.cs')).toEqual(['a.cs', 'src', 'work', 'C:']);
  });
});

describe('framePaths', () => {
  it('lists in-app frames of the thrown exception first, crashing frame first, then its cause', () => {
    const event = {
      exceptions: [
        { frames: [frame('cause/outer.js'), frame('cause/inner.js')] },
        { frames: [frame('node_modules/x.js', false), frame('src/handler.js'), frame('src/orders.js')] },
      ],
      stacktrace: null,
    } as unknown as NormalizedEvent;
    expect(framePaths(event)).toEqual([
      'src/orders.js',
      'src/handler.js',
      'cause/inner.js',
      'cause/outer.js',
    ]);
  });
});

describe('rankSuspects', () => {
  const files = [
    { commitId: 1, filename: 'src/handler.js', date: 3 },
    { commitId: 2, filename: 'src/orders.js', date: 1 },
    { commitId: 3, filename: 'shop/src/orders.js', date: 2 },
    { commitId: 4, filename: 'lib/orders.js', date: 9 },
    { commitId: 5, filename: 'orders.js', date: 9 },
    { commitId: 6, filename: 'README.md', date: 9 },
  ];

  it('keeps the longest matches per frame and ranks by frame, then match length, then recency', () => {
    const suspects = rankSuspects(['/app/shop/src/orders.js', '/app/src/handler.js'], files);
    expect(suspects.map((s) => [s.commitId, s.score, s.frameIndex])).toEqual([
      [3, 3, 0],
      [1, 2, 1],
    ]);
    expect(suspects[0]).toMatchObject({
      filename: 'shop/src/orders.js',
      framePath: '/app/shop/src/orders.js',
    });
  });

  it('accepts a bare file name match only when the changed path is a bare file name', () => {
    expect(rankSuspects(['/srv/other/orders.js'], files).map((s) => s.commitId)).toEqual([5]);
  });

  it('keeps at most five, newest first among equals', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ commitId: i, filename: 'src/a.js', date: i }));
    expect(rankSuspects(['src/a.js'], many).map((s) => s.commitId)).toEqual([7, 6, 5, 4, 3]);
  });
});
