/**
 * Reads a metric from a Prometheus-compatible server (Prometheus, Thanos, Mimir, VictoriaMetrics)
 * through `GET <base>/api/v1/query_range`, always through the SSRF guard. The answer is checked
 * with zod; a `matrix` of several series is summed per timestamp (a PromQL `sum(...)` would say the
 * same), values that are not finite (`"NaN"`, `"+Inf"`) are skipped. Failures are
 * `MetricSourceError`s whose message says what the server said, never a raw socket error.
 *
 * Prometheus refuses more than 11,000 points per series, so the range asked is clamped to
 * `MAX_POINTS` steps back from its end.
 */
import { z } from 'zod';
import type { SsrfGuard } from '../../security/ssrf-guard';
import type { Sample } from './stats/resample';

export const MAX_POINTS = 10_000;

export class MetricSourceError extends Error {
  override readonly name = 'MetricSourceError';
}

const ValueSchema = z.tuple([z.number(), z.string()]);
const AnswerSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({
        resultType: z.literal('matrix'),
        result: z.array(
          z.object({ metric: z.record(z.string(), z.string()), values: z.array(ValueSchema).default([]) }),
        ),
      }),
      z.object({ resultType: z.enum(['vector', 'scalar', 'string']), result: z.unknown() }),
    ]),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);

export interface RangeQuery {
  baseUrl: string;
  query: string;
  /** Epoch ms. */
  start: number;
  end: number;
  stepSeconds: number;
  bearerToken: string | null;
}

export function queryRangeUrl(
  baseUrl: string,
  query: string,
  start: number,
  end: number,
  stepSeconds: number,
): string {
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const url = new URL('api/v1/query_range', base);
  url.searchParams.set('query', query);
  url.searchParams.set('start', (start / 1000).toFixed(3));
  url.searchParams.set('end', (end / 1000).toFixed(3));
  url.searchParams.set('step', String(stepSeconds));
  return url.href;
}

export async function queryRange(guard: Pick<SsrfGuard, 'fetch'>, range: RangeQuery): Promise<Sample[]> {
  const start = Math.max(range.start, range.end - MAX_POINTS * range.stepSeconds * 1000);
  const url = queryRangeUrl(range.baseUrl, range.query, start, range.end, range.stepSeconds);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (range.bearerToken) headers.authorization = `Bearer ${range.bearerToken}`;
  let response: Awaited<ReturnType<SsrfGuard['fetch']>>;
  try {
    response = await guard.fetch(url, { headers });
  } catch (error) {
    throw new MetricSourceError(`could not reach the server: ${(error as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new MetricSourceError(
      `the server answered ${response.status} with something that is not the Prometheus API (not JSON)`,
    );
  }
  const parsed = AnswerSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MetricSourceError(
      `the server answered ${response.status} with something that is not the Prometheus API (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
    );
  }
  const answer = parsed.data;
  if (answer.status === 'error') {
    throw new MetricSourceError(
      `the server refused the query (${response.status} ${answer.errorType ?? 'error'}): ${answer.error ?? 'no reason given'}`,
    );
  }
  if (response.status !== 200) throw new MetricSourceError(`the server answered ${response.status}`);
  if (answer.data.resultType !== 'matrix') {
    throw new MetricSourceError(
      `the query gave a ${answer.data.resultType}, not a range of values (a matrix)`,
    );
  }
  const sums = new Map<number, number>();
  for (const series of answer.data.result) {
    for (const [seconds, text] of series.values) {
      const value = Number(text);
      if (!Number.isFinite(value)) continue;
      const at = Math.round(seconds * 1000);
      sums.set(at, (sums.get(at) ?? 0) + value);
    }
  }
  return [...sums].sort((a, b) => a[0] - b[0]).map(([at, value]) => ({ at, value }));
}
