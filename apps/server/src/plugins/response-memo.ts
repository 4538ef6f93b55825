/**
 * Keeps the rendered bytes of read routes whose answer is built from Sentry data alone, so a warm
 * answer skips the whole rebuild: cache entry parse, Sentry schema parse, search, mapping and
 * response serialization (about 4 ms of CPU for a 50-issue page, against well under 0.1 ms to send
 * the kept bytes).
 *
 * A kept answer is exactly as fresh as the Sentry answers it was built from: the cache stage
 * records each one's invalidation tags at the versions it was read under and until when it is a
 * fresh hit (`request-context.ts`), and a kept answer is served only while every such tag still
 * has that version and none of them has outlived its TTL. So a mutation, on this instance or on
 * any other sharing Redis, makes it a miss at once, like the entries themselves.
 *
 * Only answers whose every Sentry read was a fresh hit or a stored miss are kept; a stale part, an
 * uncached operation, a failed part or an error status makes the answer unkeepable. Routes opt in
 * with `config: { memo: true }`, and only routes that read nothing but Sentry may: an answer that
 * also depends on Dexter's own database would outlive changes the tags do not see. Access control
 * runs before (in `onRequest`), and the answer does not depend on who asks, so the key is the URL.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { CacheTag } from '../upstream/cache-tags';
import type { Clock } from '../upstream/clock';
import type { CacheDependency, UpstreamRequestContext } from '../upstream/request-context';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Keep this GET route's rendered answer while the Sentry answers it was built from stay fresh. */
    memo?: boolean;
  }
}

export interface ResponseMemoOptions {
  /** Current invalidation tag versions: the upstream cache store's, so both agree on freshness. */
  tagVersions(tags: readonly CacheTag[]): Promise<number[]>;
  clock: Pick<Clock, 'now'>;
  maxBytes: number;
  onOutcome?(route: string, outcome: 'hit' | 'miss' | 'skipped'): void;
}

interface KeptAnswer {
  body: Buffer;
  contentType: string;
  tags: CacheTag[];
  versions: number[];
  freshUntil: number;
}

export type AnswerValidity = Pick<KeptAnswer, 'tags' | 'versions' | 'freshUntil'>;

/**
 * What a rendered answer depends on, merged over its Sentry reads, or null when it cannot be kept:
 * no cached read at all, a read that was not a fresh hit or stored miss, or one tag read under two
 * versions (a mutation landed mid-request, so the parts disagree).
 */
export function validityOf(context: UpstreamRequestContext): AnswerValidity | null {
  const { cacheOutcomes, dependencies = [] } = context;
  if (cacheOutcomes.length === 0 || dependencies.length !== cacheOutcomes.length) return null;
  if (!cacheOutcomes.every((outcome) => outcome === 'hit' || outcome === 'miss')) return null;
  const versionOf = new Map<CacheTag, number>();
  let freshUntil = Number.POSITIVE_INFINITY;
  for (const dependency of dependencies) {
    if (!mergeDependency(versionOf, dependency)) return null;
    freshUntil = Math.min(freshUntil, dependency.freshUntil);
  }
  return { tags: [...versionOf.keys()], versions: [...versionOf.values()], freshUntil };
}

function mergeDependency(versionOf: Map<CacheTag, number>, dependency: CacheDependency): boolean {
  for (const [index, tag] of dependency.tags.entries()) {
    const version = dependency.versions[index];
    if (version === undefined) return false;
    const seen = versionOf.get(tag);
    if (seen !== undefined && seen !== version) return false;
    versionOf.set(tag, version);
  }
  return true;
}

const memoKey = (request: FastifyRequest) => request.url;

export const responseMemoPlugin = fp<ResponseMemoOptions>(async (app: FastifyInstance, options) => {
  const { clock, onOutcome } = options;
  const kept = new LRUCache<string, KeptAnswer>({
    maxSize: options.maxBytes,
    sizeCalculation: (answer) => Math.max(1, answer.body.length),
  });

  async function isStillFresh(answer: KeptAnswer): Promise<boolean> {
    if (clock.now() >= answer.freshUntil) return false;
    if (answer.tags.length === 0) return true;
    const current = await options.tagVersions(answer.tags);
    return current.every((version, index) => version === answer.versions[index]);
  }

  const routeName = (request: FastifyRequest) => request.routeOptions.url ?? 'unknown';

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.memo || request.method !== 'GET') return;
    const context = request.upstreamContext;
    if (!context) return;
    const key = memoKey(request);
    const answer = kept.get(key);
    if (answer) {
      // The tag store may be Redis: failing to read it means not knowing, so rebuild the answer.
      const fresh = await isStillFresh(answer).catch(() => false);
      if (fresh) {
        context.cacheOutcomes.push('hit');
        onOutcome?.(routeName(request), 'hit');
        return reply.type(answer.contentType).send(answer.body);
      }
      kept.delete(key);
    }
    context.dependencies = [];
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const dependencies = request.upstreamContext?.dependencies;
    // Only a rendered answer collects dependencies (a served kept answer never starts a list).
    if (!request.routeOptions.config.memo || !dependencies || !request.upstreamContext) return payload;
    const validity = reply.statusCode === 200 ? validityOf(request.upstreamContext) : null;
    if (!validity || typeof payload !== 'string' || validity.freshUntil <= clock.now()) {
      onOutcome?.(routeName(request), 'skipped');
      return payload;
    }
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const body = Buffer.from(payload);
    kept.set(memoKey(request), { ...validity, body, contentType });
    onOutcome?.(routeName(request), 'miss');
    // The bytes just encoded are sent too: writing the string would encode it a second time.
    return body;
  });
});
