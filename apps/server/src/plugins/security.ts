/**
 * Registers the cross-cutting security plugins, in the order requests meet them: cookies, security
 * headers, inbound rate limit, access control (authentication, CSRF, roles from the operation
 * table) and the audit log; plus WebSocket support, whose upgrades pass the same access control.
 * Must be registered before any `/api/v1` route, since the policies attach at route registration.
 * Every `/api/v1` route also gets a 64 KiB body limit unless it sets its own.
 */
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config';
import { auditPlugin } from '../security/audit/audit-hook';
import type { SecurityServices } from '../security/security-services';
import type { OperationTable } from '../upstream/operation-table';
import { accessControlPlugin } from './access-control';
import { inboundRateLimitPlugin } from './inbound-rate-limit';
import { securityHeadersPlugin } from './security-headers';

export const API_BODY_LIMIT = 64 * 1024;
const WEBSOCKET_MAX_PAYLOAD = 64 * 1024;

export interface SecurityPluginOptions {
  config: Config;
  services: SecurityServices;
  operations: Pick<OperationTable, 'route'>;
  /** Shares the inbound rate limit between instances when set. */
  redis?: Redis | null;
}

export const securityPlugin = fp(
  async (app: FastifyInstance, { config, services, operations, redis }: SecurityPluginOptions) => {
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/v1')) route.bodyLimit ??= API_BODY_LIMIT;
    });
    await app.register(cookie);
    await app.register(securityHeadersPlugin);
    await app.register(inboundRateLimitPlugin, { perMinute: config.security.rateLimitPerMinute, redis });
    await app.register(websocket, { options: { maxPayload: WEBSOCKET_MAX_PAYLOAD } });
    await app.register(auditPlugin, { audit: services.audit });
    await app.register(accessControlPlugin, {
      table: operations,
      auth: services.auth,
      now: services.now,
      publicOrigin: config.publicUrl ? new URL(config.publicUrl).origin : null,
    });
  },
);
