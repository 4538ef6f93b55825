/**
 * Sentry's ingest endpoints, `POST /api/{project_id}/envelope/` and the legacy `/store/`, as SDKs
 * expect them: auth by `sentry_key`, `X-Sentry-Auth` or the envelope's dsn; plain, gzip, deflate or
 * br bodies; `200 {"id"}` only once the event is committed; errors as `{"detail"}` with an
 * `X-Sentry-Error` header; 429 with `Retry-After` and `X-Sentry-Rate-Limits` when writes back up.
 * Raw bodies are capped before decompression and decompression is capped by output size, so a
 * huge or bomb-like body costs little.
 *
 * The main thread only authenticates and writes: decoding, parsing and normalizing run in the
 * ingest workers (`prepare-pool.ts`). Authentication comes first and costs little
 * (`auth/ingest-authentication.ts`): a key in the URL or a header is checked before the body is
 * read, and only a key-less envelope has its first line decoded for the header's `dsn`. No body
 * reaches the workers unauthenticated.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ReplayBacklogError, type ReplayWriter } from '../replays/replay-writer';
import { SpanBacklogError, type SpanWriter } from '../tracing/span-writer';
import { createAuthFailureBudget } from './auth/auth-failure-budget';
import { createIngestAuthentication } from './auth/ingest-authentication';
import type { ProjectKeyCache } from './auth/project-keys';
import { IngestError, malformed, rateLimited, tooLarge } from './ingest-error';
import {
  fromFailure,
  type PreparedItem,
  type PrepareLimits,
  type PrepareTask,
} from './prepare/prepare-event';
import { type PreparePool, PreparePoolFullError } from './prepare/prepare-pool';
import type { Symbolicator } from './sourcemaps/symbolicator';
import { type WriteQueue, WriteQueueFullError } from './write/write-queue';

export interface IngestLimits extends PrepareLimits {
  retryAfterSeconds: number;
}

export const defaultIngestLimits: IngestLimits = {
  maxCompressedBytes: 20 * 1024 * 1024,
  // Only event items (<= 1 MiB each) are kept, so 20 MiB of decompressed envelope is plenty and
  // bounds what a gzip bomb can cost before it is refused.
  maxDecompressedBytes: 20 * 1024 * 1024,
  maxEventBytes: 1024 * 1024,
  retryAfterSeconds: 10,
};

export interface IngestRoutesOptions {
  keys: ProjectKeyCache;
  queue: WriteQueue;
  /** Decodes and normalizes bodies off the main thread (`prepare-pool.ts`). */
  pool: PreparePool;
  /** Maps minified JavaScript frames to their sources before the write (`sourcemaps/`). */
  symbolicator: Pick<Symbolicator, 'apply'>;
  /** Commits the spans of `transaction` and `span` items (`tracing/span-writer.ts`). */
  spans: Pick<SpanWriter, 'write'>;
  /** Commits replay segments and error↔replay links (`replays/replay-writer.ts`). */
  replays: Pick<ReplayWriter, 'write'>;
  limits: IngestLimits;
  now: () => number;
}

type RawRequest = FastifyRequest<{ Params: { projectId: string }; Querystring: Record<string, string> }>;

export async function ingestRoutes(app: FastifyInstance, options: IngestRoutesOptions): Promise<void> {
  const { keys, queue, pool, symbolicator, spans, replays, limits, now } = options;

  const auth = createIngestAuthentication({
    keys,
    budget: createAuthFailureBudget({ now }),
    maxBodyBytes: limits.maxCompressedBytes,
    maxHeaderBytes: MAX_ENVELOPE_HEADER_BYTES,
  });

  // SDKs send no content type, text/plain or application/x-sentry-envelope: take every body raw,
  // read only as far as authentication allows.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request: FastifyRequest, payload: IncomingMessage) =>
    auth.readBody(request as RawRequest, payload),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof IngestError) return sendIngestError(reply, error, limits);
    const status = error.statusCode;
    if (status === 413)
      return sendIngestError(reply, tooLarge('request body exceeds the size limit'), limits);
    if (status && status >= 400 && status < 500)
      return sendIngestError(reply, malformed(error.message), limits);
    request.log.error({ err: error }, 'ingest failed');
    return reply.code(500).header('X-Sentry-Error', 'internal error').send({ detail: 'internal error' });
  });

  app.addHook('onSend', async (_request, reply) => {
    // Browser SDKs post cross-origin.
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Expose-Headers', 'X-Sentry-Error, X-Sentry-Rate-Limits, Retry-After');
  });
  app.options('/api/:projectId/:endpoint/', async (_request, reply) =>
    reply
      .header('Access-Control-Allow-Methods', 'POST, OPTIONS')
      .header('Access-Control-Allow-Headers', 'Content-Type, X-Sentry-Auth, Authentication, Content-Encoding')
      .header('Access-Control-Max-Age', '3600')
      .code(200)
      .send(),
  );

  function projectIdOf(request: RawRequest): number {
    const projectId = Number(request.params.projectId);
    if (!Number.isInteger(projectId) || projectId <= 0) {
      throw malformed(`invalid project id in the URL: ${JSON.stringify(request.params.projectId)}`);
    }
    return projectId;
  }

  function prepare(request: RawRequest, kind: PrepareTask['kind'], projectId: number) {
    const task: PrepareTask = {
      kind,
      body: bodyBuffer(request),
      contentEncoding: header(request, 'content-encoding'),
      context: { projectId, receivedAt: now(), clientIp: request.ip },
    };
    return pool.run(task).catch(backlogTo429);
  }

  /** Writes the event items in order and returns the last one's id; a bad item fails the rest. */
  async function store(items: PreparedItem[]): Promise<string | undefined> {
    let eventId: string | undefined;
    for (const item of items) {
      if (!item.ok) throw fromFailure(item.failure);
      await queue.submit(await symbolicator.apply(item.event)).catch(backlogTo429);
      eventId = item.event.eventId;
    }
    return eventId;
  }

  function backlogTo429(error: unknown): never {
    if (
      error instanceof WriteQueueFullError ||
      error instanceof PreparePoolFullError ||
      error instanceof SpanBacklogError ||
      error instanceof ReplayBacklogError
    ) {
      throw rateLimited(limits.retryAfterSeconds);
    }
    throw error;
  }

  const beforeBody = (endpoint: 'envelope' | 'store') => async (request: RawRequest) =>
    auth.beforeBody(request, projectIdOf(request), endpoint);

  app.post(
    '/api/:projectId/envelope/',
    { onRequest: beforeBody('envelope') },
    async (request: RawRequest, reply) => {
      const projectId = projectIdOf(request);
      auth.authenticatedKey(request, null);
      const prepared = await prepare(request, 'envelope', projectId);
      const { dsn, headerEventId, items, sessions } = prepared;
      auth.authenticatedKey(request, dsn);
      // Relay handles items independently: release health never fails the envelope's event.
      await queue.writeSessions(projectId, sessions.records, sessions.dropped).catch((error: unknown) => {
        request.log.warn({ err: error }, 'session items not stored');
      });
      const id = (await store(items)) ?? headerEventId;
      // Acknowledged on commit, like events: a 200 means the transaction's spans are on disk.
      await spans.write(projectId, prepared.spans, now()).catch(backlogTo429);
      await replays.write(projectId, prepared.replay, prepared.replayLinks, now()).catch(backlogTo429);
      return reply.code(200).send(id ? { id } : {});
    },
  );

  app.post(
    '/api/:projectId/store/',
    { onRequest: beforeBody('store') },
    async (request: RawRequest, reply) => {
      const projectId = projectIdOf(request);
      auth.authenticatedKey(request, null);
      const { items } = await prepare(request, 'store', projectId);
      return reply.code(200).send({ id: await store(items) });
    },
  );
}

// As `parseEnvelope` allows: a header is one line of JSON, and no SDK writes one this long.
const MAX_ENVELOPE_HEADER_BYTES = 64 * 1024;

function bodyBuffer(request: FastifyRequest): Buffer {
  if (Buffer.isBuffer(request.body)) return request.body;
  throw malformed('request body is empty');
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendIngestError(reply: FastifyReply, error: IngestError, limits: IngestLimits) {
  reply.header('X-Sentry-Error', error.detail);
  // Refused before its body was read (authentication, limits): closing the connection drops the
  // rest of the body instead of receiving it only to throw it away.
  if (!reply.request.raw.complete) reply.header('Connection', 'close');
  if (error.status === 429) {
    const seconds = error.retryAfterSeconds ?? limits.retryAfterSeconds;
    reply.header('Retry-After', String(seconds));
    reply.header('X-Sentry-Rate-Limits', `${seconds}::organization:queue_full`);
  }
  return reply.code(error.status).send({ detail: error.detail });
}
