/**
 * What Slack sends Dexter, per connection, each verified with the connection's signing secret over
 * the raw body before anything is parsed:
 * - interactivity (`block_actions`): resolve, reopen, ignore for a duration, assign to me or to a team. The
 *   clicking Slack user is mapped to a Dexter user by the e-mail `users.info` gives; only a
 *   triager or an admin may act, and the change goes through the issues service the UI uses (so it
 *   is told on the change feed, and the thread and the root message follow from there);
 * - events: the `url_verification` challenge, and `message` events in an issue's thread, which
 *   become comments on the issue. Bot messages, the connection's own bot, edits and deletions and
 *   messages Dexter itself posted are ignored, so nothing echoes.
 */
import type { IssueUpdate } from '@dexter/contracts';
import type { WebClient } from '@slack/web-api';
import { DexterError } from '../../errors/error-codes';
import type { AuditService } from '../../security/audit/audit-service';
import type { ChatIssuePort } from './chat-issue-port';
import type { ChatNotifier } from './chat-notifier';
import type { ChatConnectionRow, ChatStore } from './chat-store';
import { ACTION, parseIssueRef } from './slack-blocks';
import { createSlackRequests, type SlackHeaders, type SlackRequestsDeps } from './slack-requests';

export interface SlackInteractionsDeps extends SlackRequestsDeps {
  store: ChatStore;
  notifier: ChatNotifier;
  issues: Pick<ChatIssuePort, 'update' | 'addComment' | 'assigneeByEmail'>;
  audit: Pick<AuditService, 'record'>;
}

type Headers = SlackHeaders;

interface BlockAction {
  action_id: string;
  value?: string;
  selected_option?: { value: string };
}

interface InteractionPayload {
  type: string;
  user?: { id: string; name?: string; username?: string };
  channel?: { id: string };
  message?: { ts: string; thread_ts?: string };
  actions?: BlockAction[];
}

interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  bot_profile?: { app_id?: string };
  app_id?: string;
}

/** Event ids already handled: Slack retries a delivery it thinks was not acknowledged. */
const SEEN_EVENTS_MAX = 2_000;

export function createSlackInteractions(deps: SlackInteractionsDeps) {
  const { store, notifier, issues, audit, now } = deps;
  const seenEvents = new Set<string>();
  const { verified, dexterUserOf } = createSlackRequests(deps);

  async function tell(slack: WebClient, payload: InteractionPayload, text: string) {
    if (!payload.channel || !payload.user) return;
    await slack.chat.postEphemeral({
      channel: payload.channel.id,
      user: payload.user.id,
      text,
      ...(payload.message?.thread_ts ? { thread_ts: payload.message.thread_ts } : {}),
    });
  }

  async function act(row: ChatConnectionRow, slack: WebClient, payload: InteractionPayload): Promise<string> {
    const action = payload.actions?.[0];
    if (!action || !payload.user) return 'nothing to do';
    if (action.action_id === ACTION.open) return 'opened';
    const selects: string[] = [ACTION.ignore, ACTION.assignTeam];
    const rawRef = selects.includes(action.action_id) ? action.selected_option?.value : action.value;
    const [org, issueId, choice] = (rawRef ?? '').split(':');
    const ref = parseIssueRef(`${org}:${issueId}`);
    if (!ref || ref.org !== row.org)
      throw new DexterError(
        'DEXTER_ERR_VALIDATION',
        'payload.actions[0].value names no issue of this connection',
      );
    const who = await dexterUserOf(slack, payload.user.id);
    if (!who.user || who.user.role === 'viewer') {
      await tell(
        slack,
        payload,
        who.user
          ? 'Your Dexter role is viewer: only triagers and admins change issues.'
          : `No Dexter user has the e-mail of your Slack profile (${who.email ?? 'none'}); ask an admin to add it.`,
      );
      return 'refused';
    }
    let update: IssueUpdate;
    switch (action.action_id) {
      case ACTION.resolve:
        update = { status: 'resolved' };
        break;
      case ACTION.unresolve:
        update = { status: 'unresolved' };
        break;
      case ACTION.ignore:
        update =
          choice === 'forever' || !choice
            ? { status: 'ignored', ignore: { until: 'forever' } }
            : { status: 'ignored', ignore: { until: 'duration', minutes: Number(choice) } };
        break;
      case ACTION.assignMe: {
        const email = who.user.email ?? who.email ?? '';
        const assignee = email ? await issues.assigneeByEmail(ref.org, email) : null;
        if (!assignee) {
          await tell(slack, payload, `No member of ${ref.org} has the e-mail ${email || '(none)'}.`);
          return 'refused';
        }
        update = { assignedTo: assignee };
        break;
      }
      case ACTION.assignTeam:
        if (!choice || !/^\d{1,20}$/.test(choice))
          throw new DexterError(
            'DEXTER_ERR_VALIDATION',
            'payload.actions[0].selected_option.value names no team (org:issue:teamId)',
          );
        update = { assignedTo: `team:${choice}` };
        break;
      default:
        throw new DexterError(
          'DEXTER_ERR_VALIDATION',
          `payload.actions[0].action_id ${action.action_id} is not a Dexter action`,
        );
    }
    notifier.noteActor(ref.org, ref.issueId, who.user.displayName, now());
    await issues.update(ref.org, ref.issueId, update);
    // Audited like the UI's change; the request was authenticated by the app's signing secret.
    await audit.record({
      actorUserId: who.user.id,
      actorName: who.user.displayName,
      actorKind: 'token',
      action: 'issues.update',
      targets: { org: ref.org, issueId: ref.issueId },
      result: 'success',
      status: 200,
      sourceIp: null,
      requestId: null,
      detail: { via: 'slack', connectionId: row.id, slackUser: payload.user.id, update },
    });
    return action.action_id;
  }

  return {
    async interaction(connectionId: string, headers: Headers, raw: Buffer): Promise<{ handled: string }> {
      const { row, slack } = await verified(connectionId, headers, raw);
      const json = new URLSearchParams(raw.toString('utf8')).get('payload');
      let payload: InteractionPayload;
      try {
        payload = JSON.parse(json ?? '') as InteractionPayload;
      } catch {
        throw new DexterError(
          'DEXTER_ERR_VALIDATION',
          'payload: expected the form field `payload` holding JSON',
        );
      }
      if (payload.type !== 'block_actions') return { handled: 'ignored' };
      return { handled: await act(row, slack, payload) };
    },

    async event(
      connectionId: string,
      headers: Headers,
      raw: Buffer,
    ): Promise<{ challenge?: string; handled: string }> {
      const { row, slack } = await verified(connectionId, headers, raw);
      let body: { type?: string; challenge?: string; event_id?: string; event?: SlackMessageEvent };
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new DexterError('DEXTER_ERR_VALIDATION', 'body: expected a JSON event envelope');
      }
      if (body.type === 'url_verification')
        return { challenge: String(body.challenge ?? ''), handled: 'challenge' };
      if (body.type !== 'event_callback' || !body.event) return { handled: 'ignored' };
      if (body.event_id) {
        if (seenEvents.has(body.event_id)) return { handled: 'duplicate' };
        seenEvents.add(body.event_id);
        if (seenEvents.size > SEEN_EVENTS_MAX) seenEvents.delete(seenEvents.values().next().value!);
      }
      const event = body.event;
      if (event.type !== 'message' || event.subtype !== undefined) return { handled: 'ignored' };
      if (event.bot_id || event.bot_profile || (row.bot_user_id && event.user === row.bot_user_id))
        return { handled: 'bot message' };
      if (!event.thread_ts || event.thread_ts === event.ts || !event.channel || !event.ts || !event.user)
        return { handled: 'not a thread reply' };
      const thread = await store.threadByTs(row.id, event.channel, event.thread_ts);
      if (!thread) return { handled: 'not an issue thread' };
      if (await store.isMirroredMessage(row.id, event.ts)) return { handled: 'already mirrored' };
      const who = await dexterUserOf(slack, event.user);
      const text = `${event.text ?? ''}\n\n— ${who.name} in Slack`;
      // Written as Dexter's identity upstream; the text names who wrote it in Slack.
      const comment = await issues.addComment(thread.org, thread.issue_id, text);
      await store.markMirrored({
        connection_id: row.id,
        org: thread.org,
        issue_id: thread.issue_id,
        note_id: comment.id,
        message_ts: event.ts,
        direction: 'from_chat',
      });
      await audit.record({
        actorUserId: who.user?.id ?? null,
        actorName: who.user?.displayName ?? who.name,
        actorKind: 'token',
        action: 'issues.comments.create',
        targets: { org: thread.org, issueId: thread.issue_id, noteId: comment.id },
        result: 'success',
        status: 201,
        sourceIp: null,
        requestId: null,
        detail: { via: 'slack', connectionId: row.id, slackUser: event.user, messageTs: event.ts },
      });
      return { handled: 'comment' };
    },
  };
}

export type SlackInteractions = ReturnType<typeof createSlackInteractions>;
