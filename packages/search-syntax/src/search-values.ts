/**
 * Typed search values, read the way Sentry's grammar reads them (`src/sentry/api/event_search.py`):
 * numbers with `k`/`m`/`b` suffixes, relative dates `[+-]N[mhdw]`, ISO 8601 dates and datetimes
 * (UTC unless an offset is given), and `*` wildcards with `\` escapes. Parser and evaluator share
 * these, so a value that validates is a value the evaluator can compare.
 */

const NUMBER = /^-?(\d+(?:\.\d*)?)([kmb]?)$/;
const SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

export function parseSearchNumber(text: string): number | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const value = Number(text.replace(/[kmb]$/, '')) * (SUFFIX[match[2] ?? ''] ?? 1);
  return Number.isFinite(value) ? value : null;
}

const RELATIVE = /^([+-])(\d{1,6})([mhdw])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `-24h`: within the last 24 h (`newer`); `+24h`: more than 24 h ago. */
export interface RelativeDate {
  newer: boolean;
  ms: number;
}

export function parseRelativeDate(text: string): RelativeDate | null {
  const match = RELATIVE.exec(text);
  if (!match) return null;
  const [, sign, amount, unit] = match;
  return { newer: sign === '-', ms: Number(amount) * (UNIT_MS[unit ?? ''] ?? 0) };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO date or datetime as epoch ms, and the range Sentry gives it when written without an
 * operator: the whole day for a date, five minutes either side for a datetime.
 */
export interface SearchDate {
  at: number;
  from: number;
  to: number;
}

export function parseSearchDate(text: string): SearchDate | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match.map((part) => part ?? '');
  const local = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h || 0),
    Number(mi || 0),
    Number(s || 0),
  );
  const check = new Date(local);
  // Date.UTC rolls 2026-02-31 over to March: a changed field means the date does not exist.
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  if (Number(h || 0) > 23 || Number(mi || 0) > 59 || Number(s || 0) > 59) return null;
  const at = local + Math.round(Number(`0.${frac || '0'}`) * 1000) - zoneOffsetMs(zone ?? '');
  return h ? { at, from: at - 300_000, to: at + 300_000 } : { at, from: at, to: at + 86_400_000 };
}

function zoneOffsetMs(zone: string): number {
  if (zone === '' || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000;
}

export function hasWildcard(value: string): boolean {
  return /(?:^|[^\\])(?:\\\\)*\*/.test(value);
}

/**
 * A case-insensitive matcher for a value with `*` wildcards (`\*` is a literal star, `\x` a
 * literal x, as in Sentry's `translate_wildcard`). `contains` matches anywhere in the text.
 * No regular expression: the literal pieces are found left to right with `indexOf`, which is
 * linear per piece however many stars a user types (a regex of `.*` runs can backtrack badly).
 */
export function compileWildcard(value: string, contains: boolean): (text: string) => boolean {
  const pieces = splitOnStars(value).map((piece) => piece.toLowerCase());
  const anchored = !contains && pieces.length === 1;
  const [first = '', ...rest] = pieces;
  const last = rest.pop();
  return (input) => {
    const text = input.toLowerCase();
    if (anchored) return text === first;
    if (contains) return findInOrder(text, pieces, 0, text.length) !== -1;
    if (last === undefined || !text.startsWith(first) || !text.endsWith(last)) return false;
    if (first.length + last.length > text.length) return false;
    return findInOrder(text, rest, first.length, text.length - last.length) !== -1;
  };
}

/** Finds each piece after the previous one within `[from, to)`; -1 when one is missing. */
function findInOrder(text: string, pieces: readonly string[], from: number, to: number): number {
  let at = from;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    if (found === -1 || found + piece.length > to) return -1;
    at = found + piece.length;
  }
  return at;
}

/**
 * Splits on unescaped stars. With a wildcard, `\x` is a literal x; without one only `\*` is an
 * escape, so a Windows path such as `C:\app\main.cs` keeps its backslashes (Sentry does the same).
 */
function splitOnStars(value: string): string[] {
  const wildcard = hasWildcard(value);
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i] ?? '';
    const next = value[i + 1];
    if (char === '\\' && next !== undefined && (wildcard || next === '*')) {
      current += next;
      i++;
    } else if (char === '*') {
      pieces.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  pieces.push(current);
  return pieces;
}
