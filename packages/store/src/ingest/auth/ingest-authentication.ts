/**
 * Ingest authentication, ordered by cost so that a request without a valid key costs little:
 *
 * 1. Before the body (`beforeBody`, an `onRequest` hook): the key in the query string or an auth
 *    header is looked up; a bad one is refused at once, and `/store/` needs one there.
 * 2. Only an envelope with no key of its own reads its body (`readBody`), and only its first line
 *    is decoded (`envelope-header-probe.ts`) to take the key from the header's `dsn`. Reading
 *    pauses while that key is checked, and stops on failure.
 * 3. Every failure spends the source's budget (`auth-failure-budget.ts`); a source that spent it
 *    gets 429 for key-less envelopes before their body is read.
 *
 * Invariant: no body is decompressed in full, nor handed to the ingest workers, before its request
 * is authenticated.
 */
import type { FastifyRequest } from 'fastify';
import { IngestError, malformed, rateLimited, tooLarge } from '../ingest-error';
import { extractPublicKey, findRequestKey } from './auth';
import type { AuthFailureBudget } from './auth-failure-budget';
import { createEnvelopeHeaderProbe } from './envelope-header-probe';
import type { ProjectKeyCache } from './project-keys';

export interface IngestAuthenticationOptions {
  keys: ProjectKeyCache;
  budget: AuthFailureBudget;
  maxBodyBytes: number;
  /** The envelope header line is at most this long (as `parseEnvelope` allows). */
  maxHeaderBytes: number;
}

type IngestRequest = FastifyRequest<{ Querystring: Record<string, string> }>;
type Readable = NodeJS.ReadableStream & { pause(): unknown; resume(): unknown };

export function createIngestAuthentication(options: IngestAuthenticationOptions) {
  const { keys, budget } = options;
  /** The project each pending request posts to, and the key it was authenticated with. */
  const state = new WeakMap<FastifyRequest, { projectId: number; publicKey: string | null }>();
  const sourceOf = (request: FastifyRequest) => request.ip ?? 'unknown';

  /** Counts a failure against the request's source, then throws it. */
  function fail(request: FastifyRequest, error: unknown): never {
    if (error instanceof IngestError && error.status !== 429 && error.status < 500) {
      budget.charge(sourceOf(request));
    }
    throw error;
  }

  async function verify(request: FastifyRequest, projectId: number, publicKey: string): Promise<void> {
    const key = await keys.find(publicKey);
    if (!key) fail(request, new IngestError(401, 'unknown public key'));
    if (key.revokedAt !== null) fail(request, new IngestError(403, 'this public key has been revoked'));
    if (key.projectId !== projectId)
      fail(request, new IngestError(403, 'public key does not belong to this project'));
    state.set(request, { projectId, publicKey });
  }

  return {
    /** Step 1; `envelope` requests without a key of their own go on to the body. */
    async beforeBody(request: IngestRequest, projectId: number, endpoint: 'envelope' | 'store') {
      let found: ReturnType<typeof findRequestKey>;
      try {
        found = findRequestKey({ query: request.query, headers: request.headers });
      } catch (error) {
        fail(request, error);
      }
      if (found) return verify(request, projectId, found.publicKey);
      if (endpoint === 'store') {
        fail(request, extractPublicKeyError(request));
      }
      const wait = budget.retryAfterSeconds(sourceOf(request));
      if (wait > 0) throw rateLimited(wait);
      state.set(request, { projectId, publicKey: null });
    },

    /** Step 2, as the content parser: the raw body, read only as far as authentication allows. */
    readBody(request: IngestRequest, payload: Readable): Promise<Buffer> {
      const pending = state.get(request);
      const declared = Number(request.headers['content-length']);
      if (declared > options.maxBodyBytes) {
        return Promise.reject(
          tooLarge(`body of ${declared} bytes exceeds the ${options.maxBodyBytes}-byte size limit`),
        );
      }
      const probe =
        pending && pending.publicKey === null
          ? createEnvelopeHeaderProbe(header(request, 'content-encoding'), options.maxHeaderBytes)
          : null;
      return new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let failed = false;
        const onData = (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBodyBytes) {
            stop(tooLarge(`body exceeds the ${options.maxBodyBytes}-byte size limit`));
            return;
          }
          chunks.push(chunk);
          probe?.write(chunk);
        };
        const stop = (error: unknown) => {
          if (failed) return;
          failed = true;
          probe?.close();
          payload.removeListener('data', onData);
          // The rest goes unread and undecoded, as Node drops an unread body.
          payload.resume();
          reject(error);
        };
        const authenticated = probe
          ? probe.header.then(
              async (line) => {
                payload.pause();
                await verify(request, pending!.projectId, keyFromHeaderLine(request, line));
                payload.resume();
              },
              (error: unknown) => fail(request, error),
            )
          : Promise.resolve();
        authenticated.catch(stop);
        payload.on('data', onData);
        payload.on('error', stop);
        payload.on('end', () => {
          probe?.end();
          authenticated.then(() => {
            if (!failed) resolve(Buffer.concat(chunks, size));
          }, stop);
        });
      });
    },

    /**
     * The key a request was authenticated with; a body-less envelope never reached step 2. The
     * envelope's `dsn`, once parsed, must name the same key as the query string or header.
     */
    authenticatedKey(request: IngestRequest, envelopeDsn: string | null): string {
      const publicKey = state.get(request)?.publicKey;
      if (!publicKey) fail(request, extractPublicKeyError(request));
      if (envelopeDsn !== null)
        extractPublicKey({ query: request.query, headers: request.headers, envelopeDsn });
      return publicKey;
    },
  };

  function keyFromHeaderLine(request: IngestRequest, line: string): string {
    try {
      return extractPublicKey({ query: request.query, headers: request.headers, envelopeDsn: dsnOf(line) })
        .publicKey;
    } catch (error) {
      fail(request, error);
    }
  }
}

export type IngestAuthentication = ReturnType<typeof createIngestAuthentication>;

/** The `dsn` of an envelope header line (as `parseEnvelope` reads it), or null without one. */
function dsnOf(line: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw malformed('envelope header is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('envelope header is not a JSON object');
  }
  const dsn: unknown = Reflect.get(value, 'dsn');
  if (dsn === undefined || dsn === null) return null;
  if (typeof dsn !== 'string') throw malformed('envelope header dsn is not a string');
  return dsn;
}

/** The 401 `extractPublicKey` gives a request with no key anywhere. */
function extractPublicKeyError(request: IngestRequest): unknown {
  try {
    extractPublicKey({ query: request.query, headers: request.headers, envelopeDsn: null });
  } catch (error) {
    return error;
  }
  return new IngestError(401, 'missing authentication');
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
