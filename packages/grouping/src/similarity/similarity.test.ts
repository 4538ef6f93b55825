import { describe, expect, it } from 'vitest';
import { asItemId } from '../ids';
import type { GroupingItem } from '../item';
import { normalizeBenchmarkFrames } from '../normalize/frame-normalizers';
import { similarity } from './similarity';

type Spec = readonly (readonly [module: string, fn: string, line?: number])[];

function item(id: string, spec: Spec, extra: Partial<GroupingItem> = {}): GroupingItem {
  return {
    id: asItemId(id),
    frames: normalizeBenchmarkFrames(
      spec.map(([module, fn, line]) => ({ module, function: fn, line: line ?? 1 })),
    ),
    exceptionType: 'java.io.IOException',
    message: 'disk 3 is full',
    ...extra,
  };
}

const stack: Spec = [
  ['org.acme.store.BlockWriter', 'flush', 120],
  ['org.acme.store.BlockWriter', 'close', 88],
  ['org.acme.store.Segment', 'roll', 301],
  ['org.acme.server.Handler', 'handle', 42],
  ['java.lang.Thread', 'run', 748],
];

describe('similarity', () => {
  it('scores an item against itself at 1 when every part of it is known', () => {
    const a = item('a', stack, { seenAt: Date.UTC(2024, 0, 1) });
    expect(similarity(a, a).score).toBeCloseTo(1, 12);
  });

  it('scores an item against itself at least as high as against any other item', () => {
    const a = item('a', stack);
    const self = similarity(a, a).score;
    const others = [
      item('b', [...stack.slice(0, 4), ['org.acme.Other', 'main']]),
      item('c', stack, { exceptionType: null }),
      item('d', stack, { message: null }),
      item('e', [...stack, ...stack]),
    ];
    for (const other of others) expect(similarity(a, other).score).toBeLessThanOrEqual(self + 1e-12);
    expect(similarity(a, others[0] as GroupingItem).score).toBeLessThan(self);
  });

  it('is symmetric in score and confidence', () => {
    const a = item('a', stack);
    const b = item('b', [['org.acme.store.Cache', 'get'], ...stack.slice(1)], { message: 'disk 9 is full!' });
    // Exactly, not nearly: a pair states one confidence whichever of its issues is looked at.
    expect(similarity(a, b).score).toBe(similarity(b, a).score);
    expect(similarity(a, b).confidence).toBe(similarity(b, a).confidence);
    const aligned = similarity(a, b).evidence.alignedFrames;
    expect(similarity(b, a).evidence.alignedFrames).toEqual(
      aligned.map(({ query, candidate, key }) => ({ query: candidate, candidate: query, key })),
    );
  });

  it('ignores shifted line numbers and changed numbers in the message', () => {
    const a = item('a', stack);
    const shifted = item(
      'b',
      stack.map(([m, f, line]) => [m, f, (line ?? 0) + 17] as const),
      { message: 'disk 12 is full' },
    );
    expect(similarity(a, shifted).score).toBeCloseTo(similarity(a, a).score, 12);
  });

  it('cares more about a different top frame than about a different bottom frame', () => {
    const a = item('a', stack);
    const topChanged = item('b', [['org.acme.store.Compactor', 'run'], ...stack.slice(1)]);
    const bottomChanged = item('c', [...stack.slice(0, 4), ['java.util.concurrent.FutureTask', 'run']]);
    expect(similarity(a, topChanged).score).toBeLessThan(similarity(a, bottomChanged).score);
  });

  it('separates unrelated stacks from related ones', () => {
    const a = item('a', stack);
    const unrelated = item('b', [
      ['org.acme.auth.Token', 'verify'],
      ['org.acme.auth.Filter', 'apply'],
    ]);
    expect(similarity(a, unrelated).score).toBeLessThan(0.5);
    expect(similarity(a, unrelated).confidence).toBeLessThan(similarity(a, a).confidence);
  });

  it('treats renumbered lambdas, accessors, proxies and anonymous classes as the same frames', () => {
    const a = item('a', [
      ['org.acme.Jobs', 'lambda$submit$0'],
      ['org.acme.Jobs$$Lambda$12/0x0000000800c0b440', 'run'],
      ['com.sun.proxy.$Proxy12', 'execute'],
      ['org.acme.Jobs$1', 'access$000'],
    ]);
    const b = item('b', [
      ['org.acme.Jobs', 'lambda$submit$3'],
      ['org.acme.Jobs$$Lambda$97/0x0000000800d1a000', 'run'],
      ['com.sun.proxy.$Proxy31', 'execute'],
      ['org.acme.Jobs$2', 'access$100'],
    ]);
    expect(similarity(a, b).score).toBeCloseTo(similarity(a, a).score, 12);
    expect(similarity(a, b).evidence.alignedFrames).toHaveLength(4);
  });

  it('reports which frames aligned, as indices into both items', () => {
    const a = item('a', stack);
    const b = item('b', [['org.acme.Retry', 'attempt'], ...stack]);
    const aligned = similarity(a, b).evidence.alignedFrames;
    expect(aligned.map(({ query, candidate }) => [query, candidate])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    expect(aligned[0]?.key).toBe('BlockWriter.flush');
  });

  it('compares root causes too, so one wrapper around different causes is not a full match', () => {
    const wrapper: Spec = [
      ['org.acme.exec.Mapper', 'map'],
      ['org.acme.exec.Task', 'run'],
    ];
    const cause = (fn: string) => ({
      exceptionType: 'java.lang.IllegalStateException',
      message: null,
      frames: normalizeBenchmarkFrames([{ module: 'org.acme.serde.Reader', function: fn }]),
    });
    const a = item('a', wrapper, { cause: cause('readInt') });
    const sameCause = item('b', wrapper, { cause: cause('readInt') });
    const otherCause = item('c', wrapper, { cause: cause('readString') });
    expect(similarity(a, sameCause).score).toBeGreaterThan(similarity(a, otherCause).score);
    expect(similarity(a, otherCause).evidence.alignedCauseFrames).toEqual([]);
  });

  it('prefers items seen close together in time, all else equal', () => {
    const day = 86_400_000;
    const a = item('a', stack, { seenAt: 100 * day });
    const sameWeek = item('b', stack, { seenAt: 103 * day });
    const yearsLater = item('c', stack, { seenAt: 1200 * day });
    expect(similarity(a, sameWeek).score).toBeGreaterThan(similarity(a, yearsLater).score);
  });
});
