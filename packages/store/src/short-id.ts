/**
 * Short ids in Sentry's style: the project slug upper-cased, a dash, and a base-32 counter
 * (`DEMO-1`, `DEMO-1A`). The alphabet leaves out I, L, O and U so ids read aloud unambiguously.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function encodeShortIdNumber(value: number): string {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`short id number must be >= 1, got ${value}`);
  let rest = value;
  let out = '';
  while (rest > 0) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

export function decodeShortIdNumber(encoded: string): number | null {
  let value = 0;
  for (const char of encoded.toUpperCase()) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return null;
    value = value * 32 + digit;
  }
  return value > 0 ? value : null;
}

export const formatShortId = (projectSlug: string, value: number): string =>
  `${projectSlug.toUpperCase()}-${encodeShortIdNumber(value)}`;
