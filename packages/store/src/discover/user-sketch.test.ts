import { describe, expect, it } from 'vitest';
import { hashUser, mergeBlobs, SPARSE_MAX, UserSketch } from './user-sketch';

const sketchOf = (from: number, to: number) => {
  const sketch = new UserSketch();
  for (let i = from; i < to; i++) sketch.add(hashUser(`id:user-${i}`));
  return sketch;
};

describe('UserSketch', () => {
  it('counts exactly while sparse, across serialization and merges', () => {
    const a = sketchOf(0, 100);
    const b = sketchOf(50, 200);
    expect(a.estimate()).toBe(100);
    const merged = mergeBlobs(a.toBlob(), b.toBlob())!;
    expect(UserSketch.fromBlob(merged).estimate()).toBe(200);
    expect(mergeBlobs(null, a.toBlob())).toEqual(a.toBlob());
  });

  it('estimates within a few percent once dense, and merging equals adding', () => {
    const big = sketchOf(0, 50_000);
    expect(big.toBlob()[0]).toBe(1);
    expect(Math.abs(big.estimate() - 50_000) / 50_000).toBeLessThan(0.05);
    const parts = [sketchOf(0, 20_000), sketchOf(10_000, 50_000), sketchOf(0, SPARSE_MAX - 1)];
    const union = new UserSketch();
    for (const part of parts) union.mergeBlob(part.toBlob());
    expect(union.estimate()).toBe(big.estimate());
    const fromSmall = sketchOf(0, 2_000);
    expect(Math.abs(fromSmall.estimate() - 2_000) / 2_000).toBeLessThan(0.05);
  });

  it('merges a dense sketch at any offset of a packed row as the byte-wise maximum of registers', () => {
    const a = sketchOf(0, 3_000).toBlob();
    const b = sketchOf(1_000, 9_000).toBlob();
    const packed = new Uint8Array(b.length + 7);
    packed.set(b, 3);
    const union = UserSketch.fromBlob(a);
    union.mergeBytes(packed, 3, b.length);
    const expected = a.map((register, i) => (i === 0 ? register : Math.max(register, b[i]!)));
    expect(union.toBlob()).toEqual(expected);
    expect(expected.some((register, i) => i > 0 && register !== a[i])).toBe(true);
    expect(expected.some((register, i) => i > 0 && register !== b[i])).toBe(true);
  });

  it('merges serialized sketches that SQLite hands over as Buffers at odd offsets', () => {
    const a = sketchOf(0, 3_000).toBlob();
    const b = sketchOf(1_000, 9_000).toBlob();
    const pool = Buffer.alloc(a.length + b.length + 2);
    pool.set(a, 1);
    pool.set(b, a.length + 2);
    const fromSqlite = (from: number, length: number) => pool.subarray(from, from + length);
    const merged = mergeBlobs(fromSqlite(1, a.length), fromSqlite(a.length + 2, b.length))!;
    expect(merged).toEqual(a.map((register, i) => (i === 0 ? register : Math.max(register, b[i]!))));
    // The inputs are left as they were.
    expect(fromSqlite(1, a.length)).toEqual(Buffer.from(a));
  });
});
