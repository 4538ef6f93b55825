/**
 * The optional time range of the tracing endpoints: `statsPeriod` (`<n>[smhdw]`, which wins) or
 * `start` and `end` (ISO 8601). A bad value is a 400 naming the parameter.
 */
import { ApiError } from '../api-error';
import { type RawQuery, singleParam } from '../http/query-params';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

const bad = (name: string, problem: string) => new ApiError(400, `Invalid ${name}: ${problem}`);

/** `fallbackMs` back from now when nothing is given; null `fallbackMs` means "all time". */
export function traceRangeOf(
  query: RawQuery,
  now: number,
  fallbackMs: number | null,
): { start: number; end: number } | null {
  const period = singleParam(query, 'statsPeriod');
  const startText = singleParam(query, 'start');
  const endText = singleParam(query, 'end');
  if (period !== undefined && period !== '') {
    const match = /^(\d{1,9})([smhdw])$/.exec(period);
    if (!match) throw bad('statsPeriod', `${JSON.stringify(period.slice(0, 20))}; expected <n>[smhdw]`);
    return { start: now - Number(match[1]) * UNIT_MS[match[2]!]!, end: now };
  }
  if (startText !== undefined || endText !== undefined) {
    if (startText === undefined || endText === undefined)
      throw bad(startText === undefined ? 'start' : 'end', 'start and end go together');
    const start = Date.parse(startText);
    const end = Date.parse(endText);
    if (!Number.isFinite(start)) throw bad('start', 'not an ISO 8601 date');
    if (!Number.isFinite(end)) throw bad('end', 'not an ISO 8601 date');
    if (start >= end) throw bad('start', 'start must be before end');
    return { start, end };
  }
  return fallbackMs === null ? null : { start: now - fallbackMs, end: now };
}
