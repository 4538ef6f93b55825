/**
 * Chat connections and routes (admin). Creating a Slack connection checks the token with
 * `auth.test` (which also names the bot user, whose own messages are never mirrored) through the
 * SSRF guard, then seals the token and the signing secret; a Teams connection's webhook URL passes
 * the guard and is sealed (the URL is the secret).
 */
import type {
  ChatConnection,
  ChatConnectionCreate,
  ChatRoute,
  ChatRouteCreate,
  ChatTestResult,
} from '@dexter/contracts';
import type { WebClient } from '@slack/web-api';
import { DexterError } from '../../errors/error-codes';
import type { SecretsService } from '../../security/secrets/secrets-service';
import { type SsrfGuard, UnsafeUrlError } from '../../security/ssrf-guard';
import { isTimeZone } from './chat-schedule';
import type { ChatConnectionRow, ChatRouteRow, ChatStore } from './chat-store';
import { DEFAULT_SLACK_API_URL, slackClient } from './slack-client';

export const secretName = {
  token: (id: number) => `chat-${id}-token`,
  signing: (id: number) => `chat-${id}-signing`,
  webhook: (id: number) => `chat-${id}-webhook`,
  outgoing: (id: number) => `chat-${id}-outgoing`,
};

export interface ChatConnectionsDeps {
  store: ChatStore;
  secrets: Pick<SecretsService, 'get' | 'put' | 'delete'>;
  guard: SsrfGuard;
  publicUrl: () => string;
}

const unsafe = (error: unknown, field: string) =>
  error instanceof UnsafeUrlError
    ? new DexterError('DEXTER_ERR_UNSAFE_URL', `${field}: ${error.message}`)
    : error;

/** Slack's errors (`invalid_auth`, `not_authed`…) or the transport's, as one line for the admin. */
export const slackFailure = (error: unknown) => {
  const data = (error as { data?: { error?: string } }).data;
  return data?.error ?? (error instanceof Error ? error.message : String(error));
};

export function createChatConnections({ store, secrets, guard, publicUrl }: ChatConnectionsDeps) {
  const base = () => publicUrl().replace(/\/$/, '');
  const toConnection = (row: ChatConnectionRow): ChatConnection => ({
    id: String(row.id),
    kind: row.kind,
    name: row.name,
    apiUrl: row.api_url,
    botUserId: row.bot_user_id,
    interactivityUrl: row.kind === 'slack' ? `${base()}/api/v1/chat/slack/${row.id}/interactivity` : null,
    eventsUrl: row.kind === 'slack' ? `${base()}/api/v1/chat/slack/${row.id}/events` : null,
    outgoingWebhookUrl: row.kind === 'teams' ? `${base()}/api/v1/chat/teams/${row.id}/outgoing` : null,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  });
  const toRoute = (row: ChatRouteRow): ChatRoute => ({
    id: String(row.id),
    connectionId: String(row.connection_id),
    project: row.project || null,
    team: row.team || null,
    alertRule: row.alert_rule || null,
    channel: row.channel,
    quietHours:
      row.quiet_start && row.quiet_end
        ? { timeZone: row.quiet_tz ?? 'UTC', start: row.quiet_start, end: row.quiet_end }
        : null,
    digest: row.digest,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  });

  async function owned(org: string, id: number): Promise<ChatConnectionRow> {
    const row = await store.connection(id);
    if (!row || row.org !== org) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No chat connection ${id}`);
    return row;
  }

  /** The connection's Slack client, or null when it is not a Slack connection or has lost its token. */
  async function slackOf(row: ChatConnectionRow): Promise<WebClient | null> {
    if (row.kind !== 'slack') return null;
    const token = await secrets.get(secretName.token(row.id));
    return token ? slackClient(token, row.api_url, guard) : null;
  }

  async function checkSlackUrl(apiUrl: string): Promise<string> {
    try {
      const { url } = await guard.check(apiUrl);
      return url.href.endsWith('/') ? url.href : `${url.href}/`;
    } catch (error) {
      throw unsafe(error, 'apiUrl');
    }
  }

  return {
    owned,
    slackOf,
    toConnection,

    async list(org: string): Promise<ChatConnection[]> {
      return (await store.connections(org)).map(toConnection);
    },

    async create(org: string, input: ChatConnectionCreate): Promise<ChatConnection> {
      if (input.kind === 'teams') {
        try {
          await guard.check(input.webhookUrl);
        } catch (error) {
          throw unsafe(error, 'webhookUrl');
        }
        const row = await store.addConnection({
          org,
          kind: 'teams',
          name: input.name,
          api_url: null,
          bot_user_id: null,
          bot_id: null,
        });
        await secrets.put(secretName.webhook(row.id), input.webhookUrl, null);
        if (input.outgoingToken) await secrets.put(secretName.outgoing(row.id), input.outgoingToken, null);
        return toConnection(row);
      }
      const apiUrl = await checkSlackUrl(input.apiUrl ?? DEFAULT_SLACK_API_URL);
      let identity: { user_id?: string; bot_id?: string };
      try {
        identity = await slackClient(input.botToken, apiUrl, guard).auth.test();
      } catch (error) {
        if (error instanceof UnsafeUrlError) throw unsafe(error, 'apiUrl');
        throw new DexterError('DEXTER_ERR_VALIDATION', `botToken: Slack refused it (${slackFailure(error)})`);
      }
      const row = await store.addConnection({
        org,
        kind: 'slack',
        name: input.name,
        api_url: apiUrl,
        bot_user_id: identity.user_id ?? null,
        bot_id: identity.bot_id ?? null,
      });
      await secrets.put(secretName.token(row.id), input.botToken, null);
      await secrets.put(secretName.signing(row.id), input.signingSecret, null);
      return toConnection(row);
    },

    async remove(org: string, id: number): Promise<void> {
      await owned(org, id);
      await store.deleteConnection(org, id);
      for (const name of Object.values(secretName).map((named) => named(id)))
        await secrets.delete(name).catch(() => undefined);
    },

    async test(org: string, id: number): Promise<ChatTestResult> {
      const row = await owned(org, id);
      if (row.kind === 'teams') {
        const url = await secrets.get(secretName.webhook(id));
        if (!url) return { ok: false, detail: 'the webhook URL is missing; connect again' };
        try {
          await guard.check(url);
          return { ok: true, detail: 'the webhook URL passes the SSRF guard (Teams is only called to post)' };
        } catch (error) {
          return { ok: false, detail: (error as Error).message };
        }
      }
      const slack = await slackOf(row);
      if (!slack) return { ok: false, detail: 'the bot token is missing; connect again' };
      try {
        const who = await slack.auth.test();
        return { ok: true, detail: `signed in to ${who.team ?? 'Slack'} as ${who.user ?? 'the bot'}` };
      } catch (error) {
        return { ok: false, detail: slackFailure(error) };
      }
    },

    async routes(org: string): Promise<ChatRoute[]> {
      return (await store.routes(org)).map(toRoute);
    },

    async addRoute(org: string, input: ChatRouteCreate): Promise<ChatRoute> {
      const connection = await owned(org, Number(input.connectionId));
      // A Teams webhook posts to the one channel it was made for.
      const channel = connection.kind === 'teams' ? 'webhook' : input.channel.replace(/^#/, '');
      const quiet = input.quietHours ?? null;
      if (quiet && !isTimeZone(quiet.timeZone))
        throw new DexterError(
          'DEXTER_ERR_VALIDATION',
          `quietHours.timeZone: ${quiet.timeZone} is not an IANA time zone (e.g. Europe/Berlin)`,
        );
      if (quiet && quiet.start === quiet.end)
        throw new DexterError('DEXTER_ERR_VALIDATION', 'quietHours.end: must differ from start');
      return toRoute(
        await store.addRoute({
          org,
          connection_id: connection.id,
          project: input.project ?? '',
          team: input.team ?? '',
          alert_rule: input.alertRule ?? '',
          channel,
          quiet_tz: quiet?.timeZone ?? null,
          quiet_start: quiet?.start ?? null,
          quiet_end: quiet?.end ?? null,
          digest: input.digest ?? 'off',
        }),
      );
    },

    async removeRoute(org: string, id: number): Promise<void> {
      if (!(await store.deleteRoute(org, id)))
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No chat route ${id}`);
    },
  };
}

export type ChatConnections = ReturnType<typeof createChatConnections>;
