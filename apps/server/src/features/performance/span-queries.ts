/**
 * The `dataset=spans` calls of the performance pages through the upstream pipeline (Discover's
 * operations: the same calls reach sentry.io and the built-in store), and the capability probe:
 * an upstream that answers 400 to `dataset=spans` (Sentry before the EAP spans dataset) is told
 * apart once per organization, so the pages say so instead of failing on every call.
 */
import { type DiscoverParams, type SentryClient, SentryValidationError } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';

export type SpanRow = Record<string, unknown>;
type Params = Record<string, string | readonly string[] | undefined>;

export interface SpanRange {
  start: number;
  end: number;
  environment: readonly string[];
  /** A project slug, searched as `project:<slug>` (Sentry's `project` parameter takes ids). */
  project?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createSpanQueries(sentry: Pick<SentryClient, 'discover'>) {
  const supported = new Map<string, Promise<void>>();

  function probe(org: string): Promise<void> {
    let known = supported.get(org);
    if (!known) {
      known = (async () => {
        try {
          await sentry.discover.events(
            org,
            { dataset: 'spans', field: ['count()'], statsPeriod: '1h', per_page: '1' },
            'discover.probe',
          );
        } catch (error) {
          if (!(error instanceof SentryValidationError)) throw error;
          throw new DexterError(
            'DEXTER_ERR_UPSTREAM_VALIDATION',
            'the upstream does not answer events with dataset=spans (Sentry before its spans dataset); performance pages need it',
          );
        }
      })();
      // A network failure is asked again next time; an answer is kept.
      known.catch((error) => {
        if (!(error instanceof DexterError)) supported.delete(org);
      });
      supported.set(org, known);
    }
    return known;
  }

  const scoped = (range: SpanRange, params: Params): DiscoverParams =>
    Object.fromEntries(
      Object.entries({
        dataset: 'spans',
        start: iso(range.start),
        end: iso(range.end),
        environment: range.environment.length > 0 ? range.environment : undefined,
        ...params,
        query: [params.query, range.project ? `project:"${range.project.replace(/["\\]/g, '\\$&')}"` : '']
          .filter(Boolean)
          .join(' '),
      }).filter(([, value]) => value !== undefined && value !== ''),
    ) as DiscoverParams;

  return {
    async table(org: string, range: SpanRange, params: Params): Promise<SpanRow[]> {
      await probe(org);
      const { table } = await sentry.discover.events(org, scoped(range, params), 'discover.events');
      return table.data as SpanRow[];
    },
    /** One yAxis: `[unix ms, value]` pairs. */
    async series(
      org: string,
      range: SpanRange,
      params: Params & { yAxis: string; interval: string },
    ): Promise<Array<[number, number]>> {
      await probe(org);
      const answer = (await sentry.discover.stats(org, scoped(range, params), 'discover.stats')) as {
        data?: unknown;
      };
      const data = Array.isArray(answer.data) ? answer.data : [];
      return data.map((bucket) => {
        const [time, values] = bucket as [number, Array<{ count?: number | null }>];
        return [time * 1000, Number(values?.[0]?.count ?? 0)];
      });
    },
  };
}

export type SpanQueries = ReturnType<typeof createSpanQueries>;

/** A number from a row, or null (Sentry answers null for an aggregate over nothing). */
export const num = (row: SpanRow | undefined, field: string): number | null => {
  const value = row?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};
