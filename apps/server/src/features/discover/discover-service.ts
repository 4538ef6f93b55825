/**
 * Discover through the upstream pipeline, the same in both modes (Sentry, or the built-in store
 * over HTTP): every query is checked by the store's query model first (a bad field is a 400 naming
 * it, before any upstream call), then sent with the `dataset` the upstream understands, through
 * operations whose cache freshness fits the window:
 * - a table whose window ended more than an hour ago goes through `discover.events.settled` (kept
 *   an hour), any other through `discover.events` (the list class: seconds);
 * - a series is cut at the start of the last whole hour: the older buckets through
 *   `discover.stats.settled`, the recent ones through `discover.stats`, stitched back together
 *   (one yAxis without top events; other series go through `discover.stats` whole).
 * Exports page through every row (`discover.export`: background priority, never cached).
 */
import type {
  DiscoverResult,
  DiscoverSeries,
  DiscoverStatsQuery,
  DiscoverTableQuery,
} from '@dexter/contracts';
import { type DiscoverParams, type SentryClient, SentryValidationError } from '@dexter/sentry-client';
import { DiscoverQueryError, parseStatsQuery, parseTableQuery } from '@dexter/store';
import { DexterError } from '../../errors/error-codes';

const HOUR_MS = 3_600_000;
/** What the upstream may call the errors dataset, newest first; null sends none. */
const DATASETS = ['errors', 'discover', null] as const;
export type UpstreamDataset = (typeof DATASETS)[number];

type Params = Record<string, string | string[] | undefined>;

function checked<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DiscoverQueryError) {
      throw new DexterError('DEXTER_ERR_VALIDATION', error.message, {
        parameter: error.parameter,
        code: error.code,
      });
    }
    throw error;
  }
}

const withoutUndefined = (params: Params): DiscoverParams =>
  Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) as DiscoverParams;

const iso = (ms: number) => new Date(ms).toISOString();

interface Series {
  data: unknown[];
  start: number;
  end: number;
  [key: string]: unknown;
}

export function createDiscoverService({
  sentry,
  now,
  shutdown,
}: {
  sentry: Pick<SentryClient, 'discover'>;
  now: () => number;
  shutdown: AbortSignal;
}) {
  const probed = new Map<string, Promise<UpstreamDataset>>();

  /**
   * The upstream's name for error events: current Sentry wants `errors`, older servers `discover`
   * or no `dataset` at all and answer 400 to a value they do not know. Asked once per organization.
   */
  function datasetOf(org: string): Promise<UpstreamDataset> {
    let known = probed.get(org);
    if (!known) {
      known = (async () => {
        for (const dataset of DATASETS) {
          try {
            await sentry.discover.events(
              org,
              { field: ['count()'], statsPeriod: '1h', per_page: '1', ...(dataset ? { dataset } : {}) },
              'discover.probe',
            );
            return dataset;
          } catch (error) {
            if (!(error instanceof SentryValidationError)) throw error;
          }
        }
        throw new DexterError(
          'DEXTER_ERR_VALIDATION',
          'the upstream answers no Discover query over error events',
        );
      })();
      known.catch(() => probed.delete(org));
      probed.set(org, known);
    }
    return known;
  }

  const withDataset = (params: Params, dataset: UpstreamDataset): DiscoverParams =>
    withoutUndefined({ ...params, dataset: dataset ?? undefined });

  async function table(org: string, query: DiscoverTableQuery): Promise<DiscoverResult> {
    const at = now();
    const parsed = checked(() => parseTableQuery(query, at));
    const dataset = await datasetOf(org);
    const operation = parsed.end <= at - HOUR_MS ? 'discover.events.settled' : 'discover.events';
    const { table: answer, next } = await sentry.discover.events(org, withDataset(query, dataset), operation);
    const fields = Object.fromEntries(
      parsed.fields.map((f) => [f.name, answer.meta?.fields?.[f.name] ?? f.type]),
    );
    const units = (answer.meta as { units?: Record<string, string | null> } | null | undefined)?.units ?? {};
    return {
      data: answer.data,
      meta: { fields, units: Object.fromEntries(parsed.fields.map((f) => [f.name, units[f.name] ?? null])) },
      nextCursor: next,
      dataset,
    };
  }

  async function series(org: string, query: DiscoverStatsQuery): Promise<DiscoverSeries> {
    const at = now();
    const parsed = checked(() => parseStatsQuery(query, at));
    const dataset = await datasetOf(org);
    const params = withDataset(query, dataset);
    const first = Math.floor(parsed.start / parsed.interval) * parsed.interval;
    const cut = Math.floor((at - HOUR_MS) / parsed.interval) * parsed.interval;
    if (parsed.topEvents > 0 || parsed.yAxis.length > 1 || cut <= first || cut >= parsed.end) {
      return sentry.discover.stats(org, params, 'discover.stats');
    }
    const { statsPeriod: _, start: _s, end: _e, ...rest } = params;
    const [older, recent] = (await Promise.all([
      sentry.discover.stats(org, { ...rest, start: iso(first), end: iso(cut) }, 'discover.stats.settled'),
      sentry.discover.stats(org, { ...rest, start: iso(cut), end: iso(parsed.end) }, 'discover.stats'),
    ])) as [Series, Series];
    return { ...recent, data: [...older.data, ...recent.data], start: older.start, end: recent.end };
  }

  /** Every row of a table query, page after page. */
  async function* rows(org: string, query: Omit<DiscoverTableQuery, 'per_page' | 'cursor'>) {
    checked(() => parseTableQuery(query, now()));
    const dataset = await datasetOf(org);
    let cursor: string | null = null;
    do {
      const page: { table: { data: Array<Record<string, string | number | null>> }; next: string | null } =
        await sentry.discover.events(
          org,
          withDataset({ ...query, per_page: '100', ...(cursor ? { cursor } : {}) }, dataset),
          'discover.export',
          { priority: 'background', signal: shutdown },
        );
      yield* page.table.data;
      cursor = page.next;
    } while (cursor !== null);
  }

  return { table, series, rows, datasetOf };
}

export type DiscoverService = ReturnType<typeof createDiscoverService>;
