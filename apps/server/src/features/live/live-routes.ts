/**
 * `/api/v1/live`: the live-updates WebSocket, one per browser. Opening it needs the viewer role
 * (the access-control plugin checks the upgrade request like any route, so no credential means a
 * 401 and no socket). Each subscription is authorized when it is made: the credential the socket
 * was opened with is looked up again, so a session signed out or a token revoked since stops
 * subscribing at once, and the topic's role is checked against the principal's current role.
 * Between subscriptions, on every heartbeat of the hub, the credential is checked again without
 * counting as use (`isStillValid`: a socket must not keep an idle session alive), so a socket
 * whose session was signed out, expired or disabled, or whose token was revoked, on any instance
 * sharing the database, is closed within a heartbeat.
 *
 * The socket is greeted with `hello` (this instance's stream and seq); events then come from the
 * hub (`live-hub.ts`), which also replays what a reconnecting client missed when it subscribes
 * with `since`. Every reply goes through the connection's backpressure rule, like events.
 */
import {
  LIVE_CLOSE_SIGNED_OUT,
  LiveClientMessageSchema,
  type LiveTopic,
  ROLE_RANK,
  type Role,
} from '@dexter/contracts';
import type { FastifyInstance } from 'fastify';
import type { LiveHub } from '../../live-hub/live-hub';
import { type AccessControlOptions, authenticate } from '../../plugins/access-control';
import type { AuthService } from '../../security/accounts/auth-service';

/** The role each topic kind needs. Issue-level topics could later need more than org ones. */
const TOPIC_ROLE: Record<string, Role> = { org: 'viewer', project: 'viewer', issue: 'viewer', job: 'viewer' };
const MAX_TOPICS = 200;
const MAX_MESSAGE_BYTES = 4096;

export interface LiveRoutesDeps {
  auth: AccessControlOptions['auth'] & Pick<AuthService, 'isStillValid'>;
  hub: Pick<LiveHub, 'attach' | 'subscribe' | 'unsubscribe'>;
}

export async function liveRoutes(app: FastifyInstance, { auth, hub }: LiveRoutesDeps): Promise<void> {
  app.get(
    '/live',
    { websocket: true, schema: { operationId: 'live.connect', tags: ['live'], hide: true } },
    (socket, request) => {
      // The upgrade's TCP socket, which ws writes to: events framed once are written there.
      const connection = hub.attach(socket, request.raw.socket);
      const send = connection.sendMessage;
      const opener = request.principal;
      // A failed lookup is not a sign-out: the next heartbeat asks again.
      connection.stillSignedIn = () =>
        opener ? auth.isStillValid(opener).catch(() => true) : Promise.resolve(false);

      socket.on('message', async (raw: Buffer, isBinary: boolean) => {
        connection.alive = true;
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
          hub.unsubscribe(connection, message.topic);
          return send({ type: 'unsubscribed', topic: message.topic });
        }
        const principal = await authenticate(request, auth);
        if (socket.readyState !== socket.OPEN) return;
        if (!principal) return socket.close(LIVE_CLOSE_SIGNED_OUT, 'credential no longer valid');
        const needed = TOPIC_ROLE[message.topic.split(':')[0]!] ?? 'admin';
        if (principal.user.mustChangePassword || ROLE_RANK[principal.role] < ROLE_RANK[needed]) {
          return send({
            type: 'error',
            code: 'DEXTER_ERR_FORBIDDEN',
            message: `this topic needs the ${needed} role`,
            topic: message.topic,
          });
        }
        const topics: ReadonlySet<LiveTopic> = connection.topics;
        if (topics.size >= MAX_TOPICS && !topics.has(message.topic)) {
          return send({
            type: 'error',
            code: 'DEXTER_ERR_VALIDATION',
            message: `at most ${MAX_TOPICS} topics`,
            topic: message.topic,
          });
        }
        send({ type: 'subscribed', topic: message.topic });
        hub.subscribe(connection, message.topic, message.since);
      });
    },
  );
}
