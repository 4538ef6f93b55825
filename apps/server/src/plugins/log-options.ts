/**
 * The server's logger options. Request lines carry the URL, and some URLs carry credentials:
 * `@sentry/node` puts its DSN key in `?sentry_key=` of every ingest request (and old clients a
 * `sentry_secret`). Those values are replaced before a line is written, so logs that are shipped
 * elsewhere hold no key.
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

const SECRET_QUERY_PARAMETERS = new Set(['sentry_key', 'sentry_secret', 'token', 'access_token']);

/** `url` with the values of credential query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const parts = url
    .slice(query + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = decodeName(eq === -1 ? part : part.slice(0, eq));
      return eq !== -1 && SECRET_QUERY_PARAMETERS.has(name.toLowerCase())
        ? `${part.slice(0, eq)}=[redacted]`
        : part;
    });
  return `${url.slice(0, query)}?${parts.join('&')}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        };
      },
    },
  };
}

/**
 * Fastify's two lines per request ("incoming request", "request completed") at debug instead of
 * info: on a first start the demo's ingest and the browser's asset requests pushed the start banner
 * off the screen within a second. `LOG_LEVEL=debug` shows them again; a request that errored is
 * still logged at error.
 */
export class DebugRequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) super.requestCompleted(error, request, reply);
    else if (!this.isLogDisabled(request))
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
