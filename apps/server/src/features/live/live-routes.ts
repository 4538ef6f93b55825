/**
 * `/api/v1/live`: the live-updates WebSocket, one per browser. Opening it needs the viewer role
 * (the access-control plugin checks the upgrade request like any route, so no credential means a
 * 401 and no socket). Each subscription is authorized when it is made: the credential the socket
 * was opened with is looked up again, so a session signed out or a token revoked since stops
 * subscribing at once, and the topic's role is checked against the principal's current role.
 * Event fan-out to subscribers comes with the live feature; this is its guarded entry point.
 */
import {
  LiveClientMessageSchema,
  type LiveServerMessage,
  type LiveTopic,
  ROLE_RANK,
  type Role,
} from '@dexter/contracts';
import type { FastifyInstance } from 'fastify';
import { type AccessControlOptions, authenticate } from '../../plugins/access-control';

/** The role each topic kind needs. Issue-level topics could later need more than org ones. */
const TOPIC_ROLE: Record<string, Role> = { org: 'viewer', project: 'viewer', issue: 'viewer' };
const MAX_TOPICS = 200;
const MAX_MESSAGE_BYTES = 4096;

export interface LiveRoutesDeps {
  auth: AccessControlOptions['auth'];
}

export async function liveRoutes(app: FastifyInstance, { auth }: LiveRoutesDeps): Promise<void> {
  app.get(
    '/live',
    { websocket: true, schema: { operationId: 'live.connect', tags: ['live'], hide: true } },
    (socket, request) => {
      const topics = new Set<LiveTopic>();
      const send = (message: LiveServerMessage) => socket.send(JSON.stringify(message));

      socket.on('message', async (raw: Buffer, isBinary: boolean) => {
        if (isBinary || raw.length > MAX_MESSAGE_BYTES) return socket.close(1009, 'message too large');
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          return send({ type: 'error', code: 'DEXTER_ERR_VALIDATION', message: 'not JSON' });
        }
        const parsed = LiveClientMessageSchema.safeParse(json);
        if (!parsed.success)
          return send({
            type: 'error',
            code: 'DEXTER_ERR_VALIDATION',
            message: parsed.error.issues[0]?.message ?? 'bad message',
          });
        const message = parsed.data;
        if (message.type === 'unsubscribe') {
          topics.delete(message.topic);
          return send({ type: 'unsubscribed', topic: message.topic });
        }
        const principal = await authenticate(request, auth);
        if (!principal) return socket.close(4401, 'credential no longer valid');
        const needed = TOPIC_ROLE[message.topic.split(':')[0]!] ?? 'admin';
        if (principal.user.mustChangePassword || ROLE_RANK[principal.role] < ROLE_RANK[needed]) {
          return send({
            type: 'error',
            code: 'DEXTER_ERR_FORBIDDEN',
            message: `this topic needs the ${needed} role`,
            topic: message.topic,
          });
        }
        if (topics.size >= MAX_TOPICS && !topics.has(message.topic)) {
          return send({
            type: 'error',
            code: 'DEXTER_ERR_VALIDATION',
            message: `at most ${MAX_TOPICS} topics`,
            topic: message.topic,
          });
        }
        topics.add(message.topic);
        send({ type: 'subscribed', topic: message.topic });
      });
    },
  );
}
