// Total, bounded readers for untrusted JSON, shared by the event normalizers.
//
// Why: an SDK payload may have any type in any field. Each reader returns a value of the wanted type
// or null, never throws, and caps its output, so the normalizers can be written as plain field lists.

import { LIMITS } from './normalized-event';

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null;
}

/** Sentry sends many lists either bare or wrapped as `{values: [...]}`. */
export function valuesList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const values = asRecord(value)?.values;
  return Array.isArray(values) ? values : [];
}

/** Cuts to `max` UTF-16 units including a trailing ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A non-empty string, truncated; anything else is null. */
export function str(value: unknown, max: number): string | null {
  return typeof value === 'string' && value !== '' ? truncate(value, max) : null;
}

/** Like `str`, but numbers and booleans are stringified (ids, tag values, exception values). */
export function scalarStr(value: unknown, max: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return truncate(String(value), max);
  if (typeof value === 'boolean') return String(value);
  return str(value, max);
}

/** A finite non-negative integer (fractions truncated); anything else is null. */
export function nonNegativeInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.trunc(value) : null;
}

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** A list of strings, each truncated, at most `maxItems`; non-strings are skipped. */
export function stringList(value: unknown, maxItems: number, maxChars: number): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value.slice(0, maxItems)) {
    if (typeof item === 'string') out.push(truncate(item, maxChars));
  }
  return out;
}

/**
 * Epoch ms from Sentry's two timestamp forms: unix seconds (number or numeric string, fractions
 * allowed) or an RFC 3339 string. Null when unparseable.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : null;
  if (typeof value !== 'string' || value.length > 64) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // Date.parse accepts far more than RFC 3339 ("1", "March 7"); require a date-time shape first.
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return null;
  // A zone-less timestamp is UTC for Sentry, but local time for Date.parse.
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A copy of free-form JSON with depth, entry counts and string lengths capped, so one huge context
 * cannot dominate a stored event. Functions, symbols and bigints cannot come from JSON and are dropped.
 */
export function boundJson(value: unknown, depth: number = LIMITS.nestedDepth): unknown {
  if (typeof value === 'string') return truncate(value, LIMITS.nestedString);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return null;
  if (depth <= 0) return '[…]';
  // Plain loops, not entries/slice/map: this runs over every context and breadcrumb of an event.
  if (Array.isArray(value)) {
    const items = new Array<unknown>(Math.min(value.length, LIMITS.nestedEntries));
    for (let i = 0; i < items.length; i++) items[i] = boundJson(value[i], depth - 1);
    return items;
  }
  const record: JsonRecord = {};
  let entries = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (entries++ >= LIMITS.nestedEntries) break;
    const item = boundJson((value as JsonRecord)[key], depth - 1);
    const name = truncate(key, LIMITS.shortString);
    // A `__proto__` key from JSON must stay data: assigning it would set the prototype.
    if (name === '__proto__')
      Object.defineProperty(record, name, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else record[name] = item;
  }
  return record;
}

/** `boundJson` for values that must stay objects (contexts, breadcrumb data). */
export function boundRecord(value: unknown): JsonRecord | null {
  const record = asRecord(value);
  return record === null ? null : (boundJson(record) as JsonRecord);
}
