/**
 * Teams outgoing webhooks: an @mention of the webhook in a channel POSTs a Bot Framework activity,
 * signed `Authorization: HMAC <base64 HMAC-SHA256 of the raw body>`, keyed by the security token
 * Teams showed at creation (base64-decoded). Verified over the raw bytes in constant time; the
 * answer (within Teams' 5 seconds) is a `message` with an Adaptive Card listing the unresolved
 * issues matching the words after the mention, each with a link into Dexter (webhook cards carry
 * only `Action.OpenUrl`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DexterError } from '../../errors/error-codes';
import type { SecretsService } from '../../security/secrets/secrets-service';
import { secretName } from './chat-connections';
import { issueUrl } from './chat-issue';
import type { ChatIssuePort } from './chat-issue-port';
import type { ChatStore } from './chat-store';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './teams-card';

export function signTeamsRequest(securityToken: string, rawBody: Buffer | string): string {
  return `HMAC ${createHmac('sha256', Buffer.from(securityToken, 'base64')).update(rawBody).digest('base64')}`;
}

const refuse = (message: string) => new DexterError('DEXTER_ERR_WEBHOOK_SIGNATURE', message);

export function verifyTeamsRequest(securityToken: string, authorization: unknown, rawBody: Buffer): void {
  if (typeof authorization !== 'string' || !authorization.startsWith('HMAC '))
    throw refuse('Teams request without Authorization: HMAC <signature>');
  const expected = Buffer.from(signTeamsRequest(securityToken, rawBody));
  const given = Buffer.from(authorization);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw refuse("Authorization HMAC does not match the body signed with this connection's security token");
}

/** The words after the mention: Teams sends `<at>Name</at> words`, possibly with HTML entities. */
export function commandText(text: string): string {
  return text
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface TeamsOutgoingDeps {
  store: ChatStore;
  secrets: Pick<SecretsService, 'get'>;
  issues: Pick<ChatIssuePort, 'search'>;
  publicUrl: () => string;
}

export function createTeamsOutgoing({ store, secrets, issues, publicUrl }: TeamsOutgoingDeps) {
  return {
    async command(connectionId: string, authorization: unknown, raw: Buffer) {
      const row = /^\d{1,12}$/.test(connectionId) ? await store.connection(Number(connectionId)) : undefined;
      if (row?.kind !== 'teams')
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No Teams connection ${connectionId}`);
      const token = await secrets.get(secretName.outgoing(row.id));
      if (!token) throw refuse('This connection has no outgoing-webhook security token');
      verifyTeamsRequest(token, authorization, raw);
      let activity: { type?: string; text?: string };
      try {
        activity = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new DexterError('DEXTER_ERR_VALIDATION', 'body: expected a JSON activity');
      }
      const words = commandText(activity.text ?? '').slice(0, 200);
      if (!words)
        return { type: 'message', text: 'Mention me with words to search, e.g. "@Dexter checkout NaN".' };
      const found = await issues.search(row.org, `is:unresolved ${words}`, 5);
      const body: object[] = [
        { type: 'TextBlock', text: `Unresolved issues matching "${words}"`, weight: 'Bolder', wrap: true },
      ];
      if (found.length === 0) body.push({ type: 'TextBlock', text: 'None.', isSubtle: true, wrap: true });
      for (const issue of found)
        body.push({
          type: 'TextBlock',
          text: `[${issue.shortId}: ${issue.title}](${issueUrl(publicUrl(), row.org, issue.id)}) · ${issue.count} events`,
          wrap: true,
        });
      return {
        type: 'message',
        attachments: [
          {
            contentType: ADAPTIVE_CARD_CONTENT_TYPE,
            contentUrl: null,
            content: { type: 'AdaptiveCard', version: '1.4', body },
          },
        ],
      };
    },
  };
}

export type TeamsOutgoing = ReturnType<typeof createTeamsOutgoing>;
