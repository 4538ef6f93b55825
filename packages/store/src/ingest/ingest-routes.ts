/**
 * Sentry's ingest endpoints, `POST /api/{project_id}/envelope/` and the legacy `/store/`, as SDKs
 * expect them: auth by `sentry_key`, `X-Sentry-Auth` or the envelope's dsn; plain, gzip, deflate or
 * br bodies; `200 {"id"}` only once the event is committed; errors as `{"detail"}` with an
 * `X-Sentry-Error` header; 429 with `Retry-After` and `X-Sentry-Rate-Limits` when writes back up.
 * Raw bodies are capped before decompression and decompression is capped by output size, so a
 * huge or bomb-like body costs little.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StoreDb } from '../db/database';
import { extractPublicKey } from './auth';
import { decodeBody, decodeStoreBody } from './decode-body';
import { parseEnvelope } from './envelope';
import { computeGroupingHashes } from './grouping-hash';
import { IngestError, malformed, rateLimited, tooLarge } from './ingest-error';
import { normalizeEvent } from './normalize-event';
import { type WriteQueue, WriteQueueFullError } from './write-queue';

export interface IngestLimits {
  maxCompressedBytes: number;
  maxDecompressedBytes: number;
  maxEventBytes: number;
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
  db: StoreDb;
  queue: WriteQueue;
  limits: IngestLimits;
  now: () => number;
}

type RawRequest = FastifyRequest<{ Params: { projectId: string }; Querystring: Record<string, string> }>;

const EVENT_ITEM_TYPES = new Set(['event']);

export async function ingestRoutes(app: FastifyInstance, options: IngestRoutesOptions): Promise<void> {
  const { db, queue, limits, now } = options;

  // SDKs send no content type, text/plain or application/x-sentry-envelope: take every body raw.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: limits.maxCompressedBytes },
    (_req, body, done) => done(null, body),
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

  async function resolveProject(request: RawRequest, envelopeDsn: string | null): Promise<number> {
    const projectId = Number(request.params.projectId);
    if (!Number.isInteger(projectId) || projectId <= 0) {
      throw malformed(`invalid project id in the URL: ${JSON.stringify(request.params.projectId)}`);
    }
    const auth = extractPublicKey({ query: request.query, headers: request.headers, envelopeDsn });
    const key = await db
      .selectFrom('project_keys')
      .select(['project_id', 'revoked_at'])
      .where('public_key', '=', auth.publicKey)
      .executeTakeFirst();
    if (!key) throw new IngestError(401, 'unknown public key');
    if (key.revoked_at !== null) throw new IngestError(403, 'this public key has been revoked');
    if (key.project_id !== projectId)
      throw new IngestError(403, 'public key does not belong to this project');
    return projectId;
  }

  async function store(projectId: number, payload: Buffer, request: RawRequest, envelopeEventId?: string) {
    if (payload.length > limits.maxEventBytes) {
      throw tooLarge(`event is ${payload.length} bytes; the limit is ${limits.maxEventBytes}`);
    }
    const rawText = payload.toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(rawText);
    } catch {
      throw malformed('event payload is not valid JSON');
    }
    const event = normalizeEvent(raw, {
      projectId,
      receivedAt: now(),
      eventIdFromEnvelope: envelopeEventId,
      clientIp: request.ip,
    });
    const { hashes } = computeGroupingHashes(event);
    try {
      await queue.submit({ event, hashes, raw: rawText });
    } catch (error) {
      if (error instanceof WriteQueueFullError) throw rateLimited(limits.retryAfterSeconds);
      throw error;
    }
    return event.eventId;
  }

  app.post('/api/:projectId/envelope/', async (request: RawRequest, reply) => {
    const body = decodeBody(bodyBuffer(request), header(request, 'content-encoding'), limits);
    const envelope = parseEnvelope(body, { maxItemBytes: limits.maxEventBytes });
    const dsn = typeof envelope.headers.dsn === 'string' ? envelope.headers.dsn : null;
    const projectId = await resolveProject(request, dsn);
    const headerEventId =
      typeof envelope.headers.event_id === 'string' ? envelope.headers.event_id : undefined;
    let eventId: string | undefined;
    for (const item of envelope.items) {
      // Sessions, client reports, transactions and unknown types are accepted and not stored.
      if (!EVENT_ITEM_TYPES.has(item.headers.type)) continue;
      eventId = await store(projectId, item.payload, request, headerEventId);
    }
    const id = eventId ?? headerEventId;
    return reply.code(200).send(id ? { id } : {});
  });

  app.post('/api/:projectId/store/', async (request: RawRequest, reply) => {
    const projectId = await resolveProject(request, null);
    const body = decodeBody(bodyBuffer(request), header(request, 'content-encoding'), limits);
    const payload = decodeStoreBody(body, limits);
    const eventId = await store(projectId, payload, request);
    return reply.code(200).send({ id: eventId });
  });
}

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
  if (error.status === 429) {
    reply.header('Retry-After', String(limits.retryAfterSeconds));
    reply.header('X-Sentry-Rate-Limits', `${limits.retryAfterSeconds}::organization:queue_full`);
  }
  return reply.code(error.status).send({ detail: error.detail });
}
