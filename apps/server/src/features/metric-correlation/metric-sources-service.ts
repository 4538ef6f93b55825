/**
 * Creating, polling and deleting metric sources. A CSV source's samples are stored once at upload;
 * a Prometheus source's base URL passes the SSRF guard before it is stored (and again on every
 * request, inside the guard's fetch), its bearer token is sealed by the secrets service under
 * `metric-source-<id>`, and it is polled once at creation (so a wrong URL or query shows at once)
 * and then every `pollSeconds`. A poll's failure is kept on the source (`lastError`), never thrown
 * at the poller.
 */
import type { MetricSource, MetricSourceCreate } from '@dexter/contracts';
import { DexterError } from '../../errors/error-codes';
import type { SecretsService } from '../../security/secrets/secrets-service';
import { type SsrfGuard, UnsafeUrlError } from '../../security/ssrf-guard';
import { parseMetricCsv } from './metric-csv';
import { type MetricSourcesStore, type PolledSource, RETENTION_MS } from './metric-sources-store';
import { MetricSourceError, queryRange } from './prometheus-client';

/** How far back the first poll reads. */
export const FIRST_POLL_LOOKBACK_MS = 30 * 86_400_000;
/** Later polls re-read this much before the last one, for samples that arrived late. */
const OVERLAP_MS = 3_600_000;

export const tokenSecretName = (id: number) => `metric-source-${id}`;

export interface MetricSourcesServiceDeps {
  store: MetricSourcesStore;
  guard: Pick<SsrfGuard, 'check' | 'fetch'>;
  secrets: Pick<SecretsService, 'put' | 'get' | 'delete'>;
  now: () => number;
}

export function createMetricSourcesService({ store, guard, secrets, now }: MetricSourcesServiceDeps) {
  async function checkUrl(baseUrl: string) {
    const url = new URL(baseUrl);
    if (url.username || url.password) {
      throw new DexterError(
        'DEXTER_ERR_VALIDATION',
        'Invalid body.baseUrl: credentials in the URL are not taken; give a bearerToken instead',
      );
    }
    try {
      await guard.check(baseUrl);
    } catch (error) {
      if (error instanceof UnsafeUrlError) {
        throw new DexterError('DEXTER_ERR_UNSAFE_URL', `Invalid body.baseUrl: ${error.message}`);
      }
      throw error;
    }
  }

  async function poll(source: PolledSource): Promise<string | null> {
    const end = now();
    const start =
      source.lastPolledAt === null
        ? end - FIRST_POLL_LOOKBACK_MS
        : Math.max(end - FIRST_POLL_LOOKBACK_MS, source.lastPolledAt - OVERLAP_MS);
    let problem: string | null = null;
    try {
      const bearerToken = source.hasToken ? await secrets.get(tokenSecretName(source.id)) : null;
      const samples = await queryRange(guard, {
        baseUrl: source.baseUrl,
        query: source.query,
        start,
        end,
        stepSeconds: source.stepSeconds,
        bearerToken,
      });
      await store.putSamples(source.id, samples);
    } catch (error) {
      // Kept on the source, whatever it was (a token sealed under another key too): one source's
      // failure never stops the others' polls.
      problem =
        error instanceof MetricSourceError ? error.message : `the poll failed: ${(error as Error).message}`;
    }
    await store.recordPoll(source.id, problem);
    return problem;
  }

  return {
    async create(org: string, input: MetricSourceCreate): Promise<MetricSource> {
      if (input.kind === 'csv') {
        const samples = parseMetricCsv(input.csv);
        if (!samples.some((sample) => sample.at >= now() - RETENTION_MS)) {
          throw new DexterError(
            'DEXTER_ERR_VALIDATION',
            `Invalid csv: every row is older than ${RETENTION_MS / 86_400_000} days, and Dexter keeps a metric that long`,
          );
        }
        const id = await store.create({
          org,
          name: input.name,
          kind: 'csv',
          baseUrl: null,
          query: null,
          stepSeconds: null,
          pollSeconds: null,
          hasToken: false,
        });
        await store.putSamples(id, samples);
        return (await store.get(org, id))!;
      }
      await checkUrl(input.baseUrl);
      const id = await store.create({
        org,
        name: input.name,
        kind: 'prometheus',
        baseUrl: input.baseUrl,
        query: input.query,
        stepSeconds: input.stepSeconds,
        pollSeconds: input.pollSeconds,
        hasToken: input.bearerToken !== undefined,
      });
      if (input.bearerToken !== undefined) await secrets.put(tokenSecretName(id), input.bearerToken, null);
      const polled = await store.polledOne(org, id);
      if (polled) await poll(polled);
      return (await store.get(org, id))!;
    },

    async delete(org: string, id: number): Promise<void> {
      const source = await store.get(org, id);
      if (!source) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No metric source ${id}`);
      await store.delete(org, id);
      if (source.hasToken) await secrets.delete(tokenSecretName(id)).catch(() => undefined);
    },

    /** Polls one Prometheus source now; the source as it is after the poll. */
    async pollNow(org: string, id: number): Promise<MetricSource> {
      const polled = await store.polledOne(org, id);
      if (!polled) {
        const exists = await store.get(org, id);
        throw exists
          ? new DexterError(
              'DEXTER_ERR_CONFLICT',
              `Metric source ${id} is an upload; only Prometheus sources are polled`,
            )
          : new DexterError('DEXTER_ERR_NOT_FOUND', `No metric source ${id}`);
      }
      await poll(polled);
      return (await store.get(org, id))!;
    },

    /** Polls every source whose interval has passed, one at a time. */
    async pollDue(): Promise<number> {
      let polled = 0;
      for (const source of await store.polled()) {
        if (source.lastPolledAt !== null && now() - source.lastPolledAt < source.pollSeconds * 1000) continue;
        await poll(source);
        polled++;
      }
      return polled;
    },
  };
}

export type MetricSourcesService = ReturnType<typeof createMetricSourcesService>;
