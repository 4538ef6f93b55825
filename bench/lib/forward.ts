/**
 * What the benches' stand-ins for the network between Dexter and Sentry share: forwarding one
 * request to the upstream over a keep-alive agent, both bodies streamed, and closing the server
 * with its agent. Used by the gateway bench's timing proxy and the triage bench's rate limiter.
 */
import {
  type Agent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';

// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

/** Sends `req` on to `upstream` and streams its answer back, with `answerHeaders` added. */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: { url: URL; agent: Agent },
  answerHeaders: () => OutgoingHttpHeaders = () => ({}),
): void {
  const proxied = httpRequest(
    {
      agent: upstream.agent,
      host: upstream.url.hostname,
      port: upstream.url.port,
      method: req.method,
      path: req.url,
      headers: { ...endToEnd(req.headers), host: upstream.url.host },
    },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, { ...endToEnd(upstreamRes.headers), ...answerHeaders() });
      upstreamRes.pipe(res);
    },
  );
  proxied.once('error', () => res.destroy());
  req.pipe(proxied);
}

export const closeProxy = (server: Server, agent: Agent) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      agent.destroy();
      resolve();
    });
  });
