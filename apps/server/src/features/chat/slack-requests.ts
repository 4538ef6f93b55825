/**
 * What every request from Slack needs first: the Slack connection it names, its v0 signature
 * checked with that connection's signing secret over the raw body (before anything is parsed),
 * and the Dexter user behind a Slack user (the same e-mail as their Slack profile, `users.info`).
 */
import type { User } from '@dexter/contracts';
import type { WebClient } from '@slack/web-api';
import { DexterError } from '../../errors/error-codes';
import type { SecretsService } from '../../security/secrets/secrets-service';
import { type ChatConnections, secretName } from './chat-connections';
import type { ChatStore } from './chat-store';
import { verifySlackRequest } from './slack-signature';

export type SlackHeaders = Record<string, string | string[] | undefined>;

export interface SlackRequestsDeps {
  store: Pick<ChatStore, 'connection'>;
  connections: Pick<ChatConnections, 'slackOf'>;
  secrets: Pick<SecretsService, 'get'>;
  users: { list(): Promise<User[]> };
  now: () => number;
}

export function createSlackRequests({ store, connections, secrets, users, now }: SlackRequestsDeps) {
  return {
    async verified(connectionId: string, headers: SlackHeaders, raw: Buffer) {
      const row = /^\d{1,12}$/.test(connectionId) ? await store.connection(Number(connectionId)) : undefined;
      if (row?.kind !== 'slack')
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No Slack connection ${connectionId}`);
      const secret = await secrets.get(secretName.signing(row.id));
      if (!secret)
        throw new DexterError('DEXTER_ERR_WEBHOOK_SIGNATURE', 'This connection has no signing secret');
      verifySlackRequest(secret, headers, raw, now());
      const slack = await connections.slackOf(row);
      if (!slack) throw new DexterError('DEXTER_ERR_NOT_FOUND', 'This connection has no bot token');
      return { row, slack };
    },

    /** The Dexter user whose e-mail is the Slack user's, or null. */
    async dexterUserOf(slack: WebClient, slackUserId: string) {
      const info = await slack.users.info({ user: slackUserId });
      const email = info.user?.profile?.email?.toLowerCase();
      const name = info.user?.real_name ?? info.user?.name ?? slackUserId;
      if (!email) return { email: null, name, user: null };
      const user =
        (await users.list()).find((one) => !one.disabled && one.email?.toLowerCase() === email) ?? null;
      return { email, name, user };
    },
  };
}

export type SlackRequests = ReturnType<typeof createSlackRequests>;
