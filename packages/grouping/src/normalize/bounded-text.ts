// Turns untrusted field values into bounded strings before any regular expression sees them.
// Why: frames and messages come from SDKs and users; a 5 MB "function name" must cost the same as a
// short one. Every normalizer calls `boundedText` first, so no regex in this package ever runs on more
// than `max` characters.

/** A trimmed string of at most `max` characters, or null for missing, non-string or blank values. */
export function boundedText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const cut = value.length > max ? value.slice(0, max) : value;
  const trimmed = cut.trim();
  return trimmed === '' ? null : trimmed;
}

/** A finite non-negative integer, or null. Accepts numeric strings because some SDKs send them. */
export function boundedLine(value: unknown): number | null {
  const n = typeof value === 'string' && value.length <= 12 ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

/** A boolean, or null when the SDK did not say. */
export function optionalBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}
