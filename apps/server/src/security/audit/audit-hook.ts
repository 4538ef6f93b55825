/**
 * Writes the audit entry of every state-changing `/api/v1` request (and of routes marked
 * `config.audit`, like the SSO callback), once the outcome is known and before the answer leaves,
 * so a client that sees its answer can already find the entry. Action is the route's operation
 * id; targets are its path parameters plus ids the handler adds (`request.audit.targets`).
 *
 * Requests refused for want of any credential are not written (the rate limit bounds them, and
 * nothing was attempted as anyone), except on public routes: a failed sign-in is always written.
 * Operations the table marks `audit: false` (Sentry's webhook deliveries) are never written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { isUnsafeMethod } from '../request-origin';
import type { AuditRecord, AuditService } from './audit-service';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Audit this route even though it does not change state. */
    audit?: boolean;
  }
  interface FastifyRequest {
    /** What a handler adds to its audit entry: extra target ids, the actor of a sign-in, details. */
    audit: {
      targets: Record<string, string>;
      actor: { userId: number | null; name: string } | null;
      detail: Record<string, unknown> | null;
      /** Overrides the result read from the status (a failed SSO sign-in still answers 302). */
      result?: AuditRecord['result'];
    };
  }
}

const resultOf = (status: number): AuditRecord['result'] =>
  status < 400 ? 'success' : status === 401 || status === 403 || status === 429 ? 'denied' : 'failure';

const stringParams = (params: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((params ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
  );

export function auditRecordOf(request: FastifyRequest, reply: FastifyReply, action: string): AuditRecord {
  const principal = request.principal;
  const actor = request.audit.actor;
  return {
    actorUserId: principal?.user.id ?? actor?.userId ?? null,
    actorName: principal?.user.username ?? actor?.name ?? null,
    actorKind: principal?.kind ?? 'anonymous',
    action,
    targets: { ...stringParams(request.params), ...request.audit.targets },
    result: request.audit.result ?? resultOf(reply.statusCode),
    status: reply.statusCode,
    sourceIp: request.ip ?? null,
    requestId: request.id,
    detail: principal?.tokenId
      ? { ...request.audit.detail, tokenId: principal.tokenId }
      : request.audit.detail,
  };
}

export const auditPlugin = fp(
  async (app: FastifyInstance, { audit }: { audit: Pick<AuditService, 'record'> }) => {
    app.decorateRequest('audit', null as unknown as FastifyRequest['audit']);
    // Only `/api/v1` requests are audited, so only they carry the (per-request) audit context.
    const start: onRequestHookHandler = async (request) => {
      request.audit = { targets: {}, actor: null, detail: null };
    };
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/v1')) route.onRequest = [start, ...[route.onRequest ?? []].flat()];
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const { policy, audit: marked } = request.routeOptions.config;
      if (!policy?.audited || !(isUnsafeMethod(request.method) || marked)) return payload;
      if (!request.principal && policy.role !== 'public') return payload;
      try {
        await audit.record(auditRecordOf(request, reply, policy.operation));
      } catch (error) {
        request.log.error({ err: error }, 'audit entry could not be written');
      }
      return payload;
    });
  },
);
