/**
 * The performance pages' figures, all from `dataset=spans` through the upstream pipeline
 * (`span-queries.ts`), so they read the built-in store and sentry.io alike:
 * - the overview: every transaction's throughput, p50-p99, failure rate and Apdex over the period
 *   and the period before it, worst-moving (largest p95 increase) first;
 * - one transaction's summary: those figures, throughput and p95 over time, a duration histogram,
 *   its slowest span operations and span descriptions, and its slowest traces.
 *
 * The histogram is estimated from 14 percentiles of the transaction's durations (the events API
 * has no histogram over spans): each bucket holds the share of transactions whose interpolated
 * rank falls into it. Exact at the percentiles, interpolated between them.
 */
import type {
  PerformanceQuery,
  SpanGroup,
  SummaryQuery,
  TransactionFigures,
  TransactionRow,
  TransactionSummary,
  TransactionsOverview,
} from '@dexter/contracts';
import { num, type SpanQueries, type SpanRange, type SpanRow } from './span-queries';

export const APDEX_THRESHOLD_MS = 300;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const HISTOGRAM_QUANTILES = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1];
const HISTOGRAM_BUCKETS = 20;
const SERIES_BUCKETS = 60;
const INTERVALS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000];

const FIGURE_FIELDS = [
  'count()',
  'p50(span.duration)',
  'p75(span.duration)',
  'p95(span.duration)',
  'p99(span.duration)',
  'failure_rate()',
  `apdex(${APDEX_THRESHOLD_MS})`,
];

/** The histogram's quantiles that FIGURE_FIELDS already asks for, by their field there. */
const FIGURE_QUANTILES: Record<number, string> = {
  0.5: 'p50(span.duration)',
  0.95: 'p95(span.duration)',
  0.99: 'p99(span.duration)',
};

export const periodMs = (statsPeriod: string): number => {
  const match = /^(\d+)([mhdw])$/.exec(statsPeriod)!;
  return Number(match[1]) * UNIT_MS[match[2]!]!;
};

/** A search value in Sentry's quotes. */
export const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

function figuresOf(row: SpanRow | undefined, minutes: number): TransactionFigures {
  const count = num(row, 'count()') ?? 0;
  return {
    count,
    throughput: count / minutes,
    p50: num(row, 'p50(span.duration)'),
    p75: num(row, 'p75(span.duration)'),
    p95: num(row, 'p95(span.duration)'),
    p99: num(row, 'p99(span.duration)'),
    failureRate: num(row, 'failure_rate()'),
    apdex: num(row, `apdex(${APDEX_THRESHOLD_MS})`),
  };
}

const intervalFor = (spanMs: number) =>
  INTERVALS.find((step) => step >= spanMs / SERIES_BUCKETS) ?? INTERVALS.at(-1)!;
const intervalText = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`);

export function createPerformanceService({ spans, now }: { spans: SpanQueries; now: () => number }) {
  function rangesOf(query: PerformanceQuery): { current: SpanRange; previous: SpanRange; minutes: number } {
    const length = periodMs(query.statsPeriod);
    const end = now();
    const base = { environment: query.environment, project: query.project };
    return {
      current: { ...base, start: end - length, end },
      previous: { ...base, start: end - 2 * length, end: end - length },
      minutes: length / 60_000,
    };
  }

  async function overview(org: string, query: PerformanceQuery): Promise<TransactionsOverview> {
    const { current, previous, minutes } = rangesOf(query);
    const params = {
      field: ['transaction', 'project', ...FIGURE_FIELDS],
      query: 'is_transaction:true',
      sort: '-count()',
      per_page: '100',
    };
    const [now, before] = await Promise.all([
      spans.table(org, current, params),
      spans.table(org, previous, params),
    ]);
    const key = (row: SpanRow) => `${row.project}\u0000${row.transaction}`;
    const earlier = new Map(before.map((row) => [key(row), row]));
    const transactions: TransactionRow[] = now.map((row) => {
      const figures = figuresOf(row, minutes);
      const old = earlier.get(key(row));
      const previousFigures = old ? figuresOf(old, minutes) : null;
      const p95Change =
        previousFigures?.p95 && figures.p95 !== null
          ? (figures.p95 - previousFigures.p95) / previousFigures.p95
          : null;
      return {
        ...figures,
        transaction: String(row.transaction ?? ''),
        project: String(row.project ?? ''),
        previous: previousFigures,
        p95Change,
      };
    });
    // Worst-moving first; transactions without a previous period after, busiest first.
    transactions.sort(
      (a, b) =>
        (b.p95Change ?? Number.NEGATIVE_INFINITY) - (a.p95Change ?? Number.NEGATIVE_INFINITY) ||
        b.count - a.count,
    );
    return { statsPeriod: query.statsPeriod, apdexThresholdMs: APDEX_THRESHOLD_MS, transactions };
  }

  async function summary(org: string, query: SummaryQuery): Promise<TransactionSummary> {
    const { current, minutes } = rangesOf(query);
    const ofTransaction = `transaction:${quoted(query.transaction)}`;
    const segments = `is_transaction:true ${ofTransaction}`;
    const children = `is_transaction:false ${ofTransaction}`;
    const intervalMs = intervalFor(current.end - current.start);
    const interval = intervalText(intervalMs);
    // The histogram's percentiles ride along with the figures (one read of the transactions, not
    // two); the ones the figures already ask for are read from those fields.
    const quantileFields = HISTOGRAM_QUANTILES.map(
      (q) => FIGURE_QUANTILES[q] ?? `percentile(span.duration, ${q})`,
    );
    const figureFields = [...new Set([...FIGURE_FIELDS, ...quantileFields])];
    const groupFields = ['count()', 'p95(span.duration)', 'sum(span.duration)'];
    const [figures, throughput, p95, operations, descriptions, traces] = await Promise.all([
      spans.table(org, current, { field: figureFields, query: segments, per_page: '1' }),
      spans.series(org, current, { yAxis: 'count()', interval, query: segments }),
      spans.series(org, current, { yAxis: 'p95(span.duration)', interval, query: segments }),
      spans.table(org, current, {
        field: ['span.op', ...groupFields],
        query: children,
        sort: '-sum(span.duration)',
        per_page: '10',
      }),
      spans.table(org, current, {
        field: ['span.op', 'span.description', ...groupFields],
        query: children,
        sort: '-sum(span.duration)',
        per_page: '10',
      }),
      spans.table(org, current, {
        field: ['trace', 'project', 'span.duration'],
        query: segments,
        sort: '-span.duration',
        per_page: '10',
      }),
    ]);
    const total = figuresOf(figures[0], minutes);
    const perMinute = intervalMs / 60_000;
    return {
      transaction: query.transaction,
      statsPeriod: query.statsPeriod,
      apdexThresholdMs: APDEX_THRESHOLD_MS,
      figures: total,
      throughputSeries: throughput.map(([t, count]) => [t, count / perMinute]),
      p95Series: p95,
      intervalMs,
      histogram: histogramFromQuantiles(
        HISTOGRAM_QUANTILES.map((q, i) => [q, num(figures[0], quantileFields[i]!)] as const),
        total.count,
      ),
      slowestOperations: operations.map((row) => spanGroup(row, false)),
      slowestSpans: descriptions.map((row) => spanGroup(row, true)),
      slowestTraces: traces.map((row) => ({
        traceId: String(row.trace ?? ''),
        project: String(row.project ?? ''),
        duration: num(row, 'span.duration') ?? 0,
      })),
    };
  }

  return { overview, summary };
}

export type PerformanceService = ReturnType<typeof createPerformanceService>;

function spanGroup(row: SpanRow, withDescription: boolean): SpanGroup {
  return {
    op: String(row['span.op'] ?? ''),
    description: withDescription ? String(row['span.description'] ?? '') : null,
    count: num(row, 'count()') ?? 0,
    p95: num(row, 'p95(span.duration)'),
    totalMs: num(row, 'sum(span.duration)') ?? 0,
  };
}

/**
 * Equal-width buckets from the smallest to the largest duration; a bucket's count is the total
 * times the share of ranks between its edges, reading the quantile function backwards (linear
 * between the known percentiles).
 */
export function histogramFromQuantiles(
  points: ReadonlyArray<readonly [number, number | null]>,
  total: number,
): Array<{ from: number; to: number; count: number }> {
  const known = points.filter((p): p is readonly [number, number] => p[1] !== null);
  if (total === 0 || known.length < 2) return [];
  const min = known[0]![1];
  const max = known.at(-1)![1];
  if (max <= min) return [{ from: min, to: max, count: total }];
  const rankOf = (x: number): number => {
    if (x <= min) return 0;
    if (x >= max) return 1;
    for (let i = 1; i < known.length; i++) {
      const [q1, v1] = known[i]!;
      const [q0, v0] = known[i - 1]!;
      if (x <= v1) return v1 === v0 ? q1 : q0 + ((x - v0) / (v1 - v0)) * (q1 - q0);
    }
    return 1;
  };
  const width = (max - min) / HISTOGRAM_BUCKETS;
  const buckets = [];
  let assigned = 0;
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
    const from = min + i * width;
    const to = i === HISTOGRAM_BUCKETS - 1 ? max : from + width;
    // Cumulative rounding keeps the buckets summing to the total.
    const upTo = Math.round(rankOf(to) * total);
    buckets.push({ from, to, count: Math.max(0, upTo - assigned) });
    assigned = Math.max(assigned, upTo);
  }
  return buckets;
}
