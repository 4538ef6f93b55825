/**
 * Numbers and dates of issue search values. Numbers take Sentry's `k`/`m` suffixes (`1.5k`);
 * dates are relative (`-24h`: within the last 24 hours, `+7d`: older than 7 days; units s, m, h,
 * d, w) or ISO dates with an operator (`>2026-01-01`, `<=2026-01-01T12:00:00Z`; a date without an
 * operator means "that day or moment onwards"). `age:` takes only relative values, as in Sentry.
 */
import { ApiError } from './api-error';

export type CompareOp = '=' | '>' | '>=' | '<' | '<=';

export const parseError = (problem: string) => new ApiError(400, `Error parsing search query: ${problem}`);

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseNumberValue(key: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(raw);
  if (!match) throw parseError(`Invalid number for "${key}": ${JSON.stringify(raw.slice(0, 50))}`);
  const scale = { k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * scale);
}

export function parseDateValue(
  key: string,
  op: CompareOp | null,
  raw: string,
  now: number,
): { op: CompareOp; value: number } {
  const relative = /^([+-])(\d{1,6})([smhdw])$/.exec(raw);
  if (relative && op === null) {
    const at = now - Number(relative[2]) * UNIT_MS[relative[3]!]!;
    return { op: relative[1] === '-' ? '>=' : '<=', value: at };
  }
  if (key === 'age') {
    throw parseError(
      `Invalid value for "age": ${JSON.stringify(raw.slice(0, 50))}; expected e.g. -24h or +7d`,
    );
  }
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(
    raw,
  );
  // A date without a zone is UTC, as Sentry reads it.
  const value = iso
    ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) || raw.length === 10 ? raw : `${raw}Z`)
    : NaN;
  if (Number.isNaN(value)) {
    throw parseError(`Invalid date for "${key}": ${JSON.stringify(raw.slice(0, 50))}`);
  }
  return { op: op ?? '>=', value };
}
