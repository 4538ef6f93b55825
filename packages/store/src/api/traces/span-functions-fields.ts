/**
 * The performance functions of `dataset=spans` beyond `count()` and avg/sum/min/max, as Sentry
 * spells them (sentry `search/events/datasets`, snuba's performance expressions):
 *
 * - `p50|p75|p90|p95|p99|p100(span.duration)` (the column may be left out) and
 *   `percentile(span.duration, q)` with 0 ≤ q ≤ 1: exact, interpolated (`tracing/span-functions.ts`);
 * - `failure_rate()` (a ratio 0..1 of spans whose status is not ok, cancelled or unknown, as
 *   snuba counts failures) and `failure_count()`;
 * - `apdex(t)` (t in ms, `apdex()` is t = 300): (satisfied + tolerating / 2) / all, satisfied
 *   ≤ t, tolerating ≤ 4t.
 *
 * A malformed argument is a 400 naming the field.
 */
import { type RawBuilder, sql } from 'kysely';
import { ApiError } from '../api-error';

export interface SpanFieldDef {
  sql: RawBuilder<unknown>;
  type: string;
  unit: string | null;
  aggregate: boolean;
}

const DURATION = sql`(s.end_ms - s.start_ms)`;
const FAILED = sql`(s.status not in ('ok', 'cancelled', 'unknown', 'unknown_error'))`;
const NAMED_PERCENTILES: Record<string, number> = {
  p50: 0.5,
  p75: 0.75,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p100: 1,
};
export const DEFAULT_APDEX_MS = 300;
/** Names for the refusal's list of what is answered. */
export const SPAN_FUNCTION_NAMES =
  'p50|p75|p90|p95|p99|p100(span.duration), percentile(span.duration, q), failure_rate(), failure_count(), apdex(t)';

const quantile = (q: number): SpanFieldDef => ({
  sql: sql`dexter_quantile(${DURATION}, ${q})`,
  type: 'duration',
  unit: 'millisecond',
  aggregate: true,
});

const bad = (field: string, problem: string) =>
  new ApiError(400, `Invalid field: ${JSON.stringify(field.slice(0, 60))}; ${problem}`);

/** The q of a percentile field (`p95(span.duration)`, `percentile(span.duration, 0.9)`), else undefined. */
export function spanQuantileOf(field: string): number | undefined {
  const call = /^(\w+)\((.*)\)$/.exec(field.replace(/\s+/g, ''));
  if (!call) return undefined;
  const [, name, args] = call as unknown as [string, string, string];
  if (name in NAMED_PERCENTILES && (args === '' || args === 'span.duration')) return NAMED_PERCENTILES[name];
  const q = /^span\.duration,(.+)$/.exec(args)?.[1];
  if (name === 'percentile' && q !== undefined && Number(q) >= 0 && Number(q) <= 1) return Number(q);
  return undefined;
}

/** The definition of a performance function, undefined when `field` is not one. */
export function spanFunctionField(field: string): SpanFieldDef | undefined {
  const call = /^(\w+)\((.*)\)$/.exec(field.replace(/\s+/g, ''));
  if (!call) return undefined;
  const [, name, rawArgs] = call as unknown as [string, string, string];
  const args = rawArgs === '' ? [] : rawArgs.split(',');
  if (name in NAMED_PERCENTILES) {
    if (args.length > 1 || (args.length === 1 && args[0] !== 'span.duration'))
      throw bad(field, `${name} takes span.duration or nothing`);
    return quantile(NAMED_PERCENTILES[name]!);
  }
  if (name === 'percentile') {
    const q = Number(args[1]);
    if (args.length !== 2 || args[0] !== 'span.duration' || !Number.isFinite(q) || q < 0 || q > 1)
      throw bad(field, 'expected percentile(span.duration, q) with q between 0 and 1');
    return quantile(q);
  }
  if (name === 'failure_rate' || name === 'failure_count') {
    if (args.length > 0) throw bad(field, `${name}() takes no argument`);
    return name === 'failure_rate'
      ? {
          sql: sql`avg(case when ${FAILED} then 1.0 else 0.0 end)`,
          type: 'percentage',
          unit: null,
          aggregate: true,
        }
      : {
          sql: sql`sum(case when ${FAILED} then 1 else 0 end)`,
          type: 'integer',
          unit: null,
          aggregate: true,
        };
  }
  if (name === 'apdex') {
    const t = args.length === 0 ? DEFAULT_APDEX_MS : Number(args[0]);
    if (args.length > 1 || !Number.isFinite(t) || t <= 0)
      throw bad(field, 'expected apdex(t) with a threshold t > 0 in milliseconds');
    return {
      sql: sql`(sum(case when ${DURATION} <= ${t} then 1.0 when ${DURATION} <= ${4 * t} then 0.5 else 0.0 end) / count(*))`,
      type: 'number',
      unit: null,
      aggregate: true,
    };
  }
  return undefined;
}
