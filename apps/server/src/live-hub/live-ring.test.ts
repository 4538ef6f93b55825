/** The replay ring answers "everything after seq" or says it cannot (null), never a partial list. */
import { describe, expect, it } from 'vitest';
import { createRing } from './live-ring';

describe('createRing', () => {
  it('returns what came after a seq, oldest first', () => {
    const ring = createRing<string>({ capacity: 4, maxAgeMs: 1000 });
    for (const seq of [1, 2, 3]) ring.push(seq, `e${seq}`, 0);
    expect(ring.since(1, 0)?.map((e) => e.item)).toEqual(['e2', 'e3']);
    expect(ring.since(3, 0)).toEqual([]);
    expect(ring.since(0, 0)?.map((e) => e.item)).toEqual(['e1', 'e2', 'e3']);
  });

  it('says null once an entry after the seq has been evicted or has expired', () => {
    const ring = createRing<string>({ capacity: 3, maxAgeMs: 1000 });
    for (const seq of [1, 2, 3, 4, 5]) ring.push(seq, `e${seq}`, seq * 100);
    expect(ring.size).toBe(3);
    expect(ring.since(1, 500)).toBeNull();
    expect(ring.since(2, 500)?.map((e) => e.seq)).toEqual([3, 4, 5]);
    // At 1,350 the entries of 300 are older than a second: resuming from 2 could miss seq 3.
    expect(ring.since(2, 1350)).toBeNull();
    expect(ring.since(3, 1350)?.map((e) => e.seq)).toEqual([4, 5]);
  });
});
