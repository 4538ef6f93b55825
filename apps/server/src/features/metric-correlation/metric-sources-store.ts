/**
 * Metric sources and their samples in Dexter's database (migration `0009_metric_sources`). A
 * sample is one (source, time) pair: a re-poll or re-upload of the same time replaces its value.
 * Samples older than `RETENTION_MS` are dropped on each write: the correlation looks back 30 days.
 */
import type { MetricSource } from '@dexter/contracts';
import type { Generated } from 'kysely';
import type { DexterDb } from '../../db/database';
import type { Sample } from './stats/resample';

export const RETENTION_MS = 90 * 86_400_000;
/** Rows per INSERT: SQLite allows 32766 bound values; three per row. */
const INSERT_CHUNK = 2_000;

interface MetricSourceTable {
  id: Generated<number>;
  org: string;
  name: string;
  kind: 'csv' | 'prometheus';
  base_url: string | null;
  query: string | null;
  step_seconds: number | null;
  poll_seconds: number | null;
  has_token: number;
  last_polled_at: number | null;
  last_error: string | null;
  created_at: number;
}

interface MetricPointTable {
  source_id: number;
  at: number;
  value: number;
}

export interface NewMetricSource {
  org: string;
  name: string;
  kind: 'csv' | 'prometheus';
  baseUrl: string | null;
  query: string | null;
  stepSeconds: number | null;
  pollSeconds: number | null;
  hasToken: boolean;
}

export interface PolledSource {
  id: number;
  org: string;
  baseUrl: string;
  query: string;
  stepSeconds: number;
  pollSeconds: number;
  hasToken: boolean;
  lastPolledAt: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function createMetricSourcesStore(db: DexterDb, now: () => number) {
  const tables = db.withTables<{ metric_sources: MetricSourceTable; metric_points: MetricPointTable }>();

  async function summaries(org: string, id?: number): Promise<MetricSource[]> {
    let query = tables
      .selectFrom('metric_sources as s')
      .leftJoin('metric_points as p', 'p.source_id', 's.id')
      .select((eb) => [
        's.id',
        's.name',
        's.kind',
        's.base_url',
        's.query',
        's.step_seconds',
        's.poll_seconds',
        's.has_token',
        's.last_polled_at',
        's.last_error',
        's.created_at',
        eb.fn.count<number>('p.at').as('points'),
        eb.fn.min<number | null>('p.at').as('first_at'),
        eb.fn.max<number | null>('p.at').as('last_at'),
      ])
      .where('s.org', '=', org)
      .groupBy('s.id')
      .orderBy('s.id');
    if (id !== undefined) query = query.where('s.id', '=', id);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: String(row.id),
      name: row.name,
      kind: row.kind,
      baseUrl: row.base_url,
      query: row.query,
      stepSeconds: row.step_seconds,
      pollSeconds: row.poll_seconds,
      hasToken: row.has_token === 1,
      points: Number(row.points),
      firstAt: iso(row.first_at),
      lastAt: iso(row.last_at),
      lastPolledAt: iso(row.last_polled_at),
      lastError: row.last_error,
      createdAt: iso(row.created_at)!,
    }));
  }

  return {
    list: (org: string) => summaries(org),

    async get(org: string, id: number): Promise<MetricSource | null> {
      return (await summaries(org, id))[0] ?? null;
    },

    async create(source: NewMetricSource): Promise<number> {
      const row = await tables
        .insertInto('metric_sources')
        .values({
          org: source.org,
          name: source.name,
          kind: source.kind,
          base_url: source.baseUrl,
          query: source.query,
          step_seconds: source.stepSeconds,
          poll_seconds: source.pollSeconds,
          has_token: source.hasToken ? 1 : 0,
          last_polled_at: null,
          last_error: null,
          created_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async delete(org: string, id: number): Promise<boolean> {
      await tables.deleteFrom('metric_points').where('source_id', '=', id).execute();
      const result = await tables
        .deleteFrom('metric_sources')
        .where('org', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Upserts samples (one per time; the last given wins) and drops those past retention. */
    async putSamples(id: number, samples: readonly Sample[]): Promise<void> {
      const byTime = new Map<number, number>();
      for (const sample of samples) byTime.set(sample.at, sample.value);
      const rows = [...byTime].map(([at, value]) => ({ source_id: id, at, value }));
      await tables.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await trx
            .insertInto('metric_points')
            .values(rows.slice(i, i + INSERT_CHUNK))
            .onConflict((oc) =>
              oc.columns(['source_id', 'at']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
            )
            .execute();
        }
        await trx
          .deleteFrom('metric_points')
          .where('source_id', '=', id)
          .where('at', '<', now() - RETENTION_MS)
          .execute();
      });
    },

    async samples(id: number, from: number, to: number): Promise<Sample[]> {
      const rows = await tables
        .selectFrom('metric_points')
        .select(['at', 'value'])
        .where('source_id', '=', id)
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
        .execute();
      return rows.map((row) => ({ at: Number(row.at), value: row.value }));
    },

    /** Every Prometheus source of every organization, for the poller. */
    async polled(): Promise<PolledSource[]> {
      const rows = await tables
        .selectFrom('metric_sources')
        .selectAll()
        .where('kind', '=', 'prometheus')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        org: row.org,
        baseUrl: row.base_url ?? '',
        query: row.query ?? '',
        stepSeconds: row.step_seconds ?? 300,
        pollSeconds: row.poll_seconds ?? 300,
        hasToken: row.has_token === 1,
        lastPolledAt: row.last_polled_at === null ? null : Number(row.last_polled_at),
      }));
    },

    async polledOne(org: string, id: number): Promise<PolledSource | null> {
      return (await this.polled()).find((source) => source.org === org && source.id === id) ?? null;
    },

    async recordPoll(id: number, error: string | null): Promise<void> {
      await tables
        .updateTable('metric_sources')
        .set({ last_polled_at: now(), last_error: error })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type MetricSourcesStore = ReturnType<typeof createMetricSourcesStore>;
