import { describe, expect, it } from 'vitest';
import { decodeShortIdNumber, encodeShortIdNumber, formatShortId } from './short-id';

describe('short ids', () => {
  it('encodes counters in base 32 without ambiguous letters', () => {
    expect(encodeShortIdNumber(1)).toBe('1');
    expect(encodeShortIdNumber(31)).toBe('Z');
    expect(encodeShortIdNumber(32)).toBe('10');
    expect(encodeShortIdNumber(42)).toBe('1A');
    expect(formatShortId('demo', 42)).toBe('DEMO-1A');
  });

  it('round-trips and rejects letters outside the alphabet', () => {
    for (const n of [1, 7, 32, 1023, 99_999]) expect(decodeShortIdNumber(encodeShortIdNumber(n))).toBe(n);
    expect(decodeShortIdNumber('1O')).toBeNull();
    expect(() => encodeShortIdNumber(0)).toThrow(RangeError);
  });
});
