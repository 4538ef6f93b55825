/**
 * Posting issues to chat. Slack: the first message about an issue in a channel starts its thread
 * (the root `ts` is stored); later notifications go into that thread (`thread_ts`) and refresh the
 * root (`chat.update`), and status changes, wherever they were made, update the root and say so
 * in the thread once per change. Teams: an Adaptive Card posted to the connection's webhook URL
 * through the SSRF guard (no threads: webhooks cannot reply).
 *
 * This is the port alert actions call: `postIssueNotification(target, issueId, reason)` returns
 * when the receiver took the message and throws `ChatDeliveryError` (with `retryable`) otherwise.
 */

import type { SecretsService } from '../../security/secrets/secrets-service';
import { type SsrfGuard, UnsafeUrlError } from '../../security/ssrf-guard';
import { type ChatConnections, secretName, slackFailure } from './chat-connections';
import { type DigestPayload, digestBlocks, digestCard, digestOf, digestSummary } from './chat-digest';
import { type ChatIssue, chatIssueOf } from './chat-issue';
import type { ChatIssuePort } from './chat-issue-port';
import type { ChatStore } from './chat-store';
import { issueBlocks, issueText, statusLine } from './slack-blocks';
import { issueCard } from './teams-card';

export class ChatDeliveryError extends Error {
  override readonly name = 'ChatDeliveryError';
  constructor(
    message: string,
    /** Worth retrying later (rate limit, 5xx, network); false for refusals that will not heal. */
    readonly retryable: boolean,
    /** Slack's `Retry-After`, in seconds, when it gave one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export interface ChatTarget {
  org: string;
  connectionId: number;
  /** Slack channel id or name; ignored for Teams (the webhook's own channel). */
  channel: string;
}

export interface ChatNotifierDeps {
  store: ChatStore;
  connections: ChatConnections;
  secrets: Pick<SecretsService, 'get'>;
  guard: SsrfGuard;
  issues: Pick<ChatIssuePort, 'get' | 'teams'>;
  publicUrl: () => string;
}

/** Slack client errors as delivery errors: which heal with time and which do not. */
export function deliveryErrorOf(error: unknown): ChatDeliveryError {
  if (error instanceof ChatDeliveryError) return error;
  if (error instanceof UnsafeUrlError)
    return new ChatDeliveryError(`refused by the SSRF guard: ${error.message}`, false);
  const failure = error as { code?: string; retryAfter?: number; statusCode?: number };
  if (failure.code === 'slack_webapi_rate_limited_error')
    return new ChatDeliveryError('Slack rate-limited the call', true, failure.retryAfter ?? null);
  if (failure.code === 'slack_webapi_platform_error')
    return new ChatDeliveryError(`Slack refused the call: ${slackFailure(error)}`, false);
  if (failure.code === 'DEXTER_ERR_NOT_FOUND' || isNotFound(error))
    return new ChatDeliveryError(error instanceof Error ? error.message : String(error), false);
  if (failure.code === 'slack_webapi_http_error')
    return new ChatDeliveryError(
      `Slack answered HTTP ${failure.statusCode ?? '?'}`,
      (failure.statusCode ?? 500) >= 500,
    );
  // Sentry's client says whether its failures heal; anything else (network) is tried again.
  const retryable = (error as { retryable?: unknown }).retryable;
  return new ChatDeliveryError(
    error instanceof Error ? error.message : String(error),
    typeof retryable === 'boolean' ? retryable : true,
  );
}

export function createChatNotifier({
  store,
  connections,
  secrets,
  guard,
  issues,
  publicUrl,
}: ChatNotifierDeps) {
  /** Who changed an issue from a chat click, told to the thread when the change comes back. */
  const pendingActors = new Map<string, { name: string; at: number }>();

  async function chatIssue(org: string, issueId: string): Promise<ChatIssue> {
    return chatIssueOf(org, await issues.get(org, issueId), publicUrl());
  }

  /** Teams for "Assign to team…"; a message still goes out without them. */
  const teamsOf = (org: string) => issues.teams(org).catch(() => []);

  async function postToTeams(connectionId: number, message: object): Promise<void> {
    const url = await secrets.get(secretName.webhook(connectionId));
    if (!url) throw new ChatDeliveryError('the Teams webhook URL is missing; connect again', false);
    let answer: Awaited<ReturnType<SsrfGuard['fetch']>>;
    try {
      answer = await guard.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Dexter-Chat/1' },
        body: JSON.stringify(message),
        redirect: 'manual',
      });
    } catch (error) {
      throw deliveryErrorOf(error);
    }
    // Teams throttling may come back as a 200 whose body names the 429.
    if (answer.status === 429 || /HTTP error 429/.test(answer.body)) {
      const retryAfter = Number(answer.headers['retry-after']);
      throw new ChatDeliveryError(
        'Teams throttled the webhook',
        true,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      );
    }
    if (answer.status < 200 || answer.status >= 300)
      throw new ChatDeliveryError(`Teams answered HTTP ${answer.status}`, answer.status >= 500);
  }

  async function postIssueNotification(target: ChatTarget, issueId: string, reason: string): Promise<void> {
    const connection = await connections.owned(target.org, target.connectionId);
    const issue = await chatIssue(target.org, issueId);
    if (connection.kind === 'teams') return postToTeams(connection.id, issueCard(issue, reason));
    const slack = await connections.slackOf(connection);
    if (!slack) throw new ChatDeliveryError('the Slack bot token is missing; connect again', false);
    const channel = target.channel.replace(/^#/, '');
    const thread = await store.thread(connection.id, channel, target.org, issueId);
    try {
      if (thread) {
        await slack.chat.postMessage({
          channel: thread.channel_id,
          thread_ts: thread.thread_ts,
          text: `${reason}: ${issue.count.toLocaleString('en-US')} events, ${issue.userCount.toLocaleString('en-US')} users so far.`,
          unfurl_links: false,
        });
        await slack.chat.update({
          channel: thread.channel_id,
          ts: thread.thread_ts,
          text: issueText(issue, reason),
          blocks: issueBlocks(issue, reason, undefined, await teamsOf(target.org)) as never,
        });
        await store.saveThread({ ...thread, last_status: issue.status });
        return;
      }
      const posted = await slack.chat.postMessage({
        channel,
        text: issueText(issue, reason),
        blocks: issueBlocks(issue, reason, undefined, await teamsOf(target.org)) as never,
        unfurl_links: false,
      });
      if (!posted.ts || !posted.channel)
        throw new ChatDeliveryError('Slack did not say where it posted', false);
      await store.saveThread({
        connection_id: connection.id,
        channel,
        channel_id: posted.channel,
        org: target.org,
        issue_id: issueId,
        thread_ts: posted.ts,
        last_status: issue.status,
      });
    } catch (error) {
      throw deliveryErrorOf(error);
    }
  }

  /** A route's held messages as one: the top issues by events, with new and regressed counts. */
  async function postDigest(target: ChatTarget, payload: DigestPayload): Promise<void> {
    const connection = await connections.owned(target.org, target.connectionId);
    const found = new Map<string, ChatIssue>();
    for (const item of payload.items) {
      if (found.has(item.issueId)) continue;
      try {
        found.set(item.issueId, await chatIssue(target.org, item.issueId));
      } catch (error) {
        // An issue deleted meanwhile is left out; anything else is worth another try.
        if (!isNotFound(error)) throw error;
      }
    }
    const digest = digestOf(payload.title, payload.items, found);
    if (connection.kind === 'teams') return postToTeams(connection.id, digestCard(digest));
    const slack = await connections.slackOf(connection);
    if (!slack) throw new ChatDeliveryError('the Slack bot token is missing; connect again', false);
    try {
      await slack.chat.postMessage({
        channel: target.channel.replace(/^#/, ''),
        text: digestSummary(digest),
        blocks: digestBlocks(digest) as never,
        unfurl_links: false,
      });
    } catch (error) {
      throw deliveryErrorOf(error);
    }
  }

  /** Refreshes an issue's thread root and, when its status moved, says so in the thread once. */
  async function updateThread(target: ChatTarget, issueId: string, by: string | null): Promise<void> {
    const thread = await store.thread(target.connectionId, target.channel, target.org, issueId);
    if (!thread) return;
    const connection = await connections.owned(target.org, target.connectionId);
    const slack = await connections.slackOf(connection);
    if (!slack) throw new ChatDeliveryError('the Slack bot token is missing; connect again', false);
    const issue = await chatIssue(target.org, issueId);
    const moved = thread.last_status !== issue.status;
    try {
      await slack.chat.update({
        channel: thread.channel_id,
        ts: thread.thread_ts,
        text: issueText(issue, 'status changed'),
        blocks: issueBlocks(
          issue,
          'status changed',
          moved ? statusLine(issue, issue.status, by) : undefined,
          await teamsOf(target.org),
        ) as never,
      });
      if (moved) {
        await slack.chat.postMessage({
          channel: thread.channel_id,
          thread_ts: thread.thread_ts,
          text: statusLine(issue, issue.status, by),
        });
      }
    } catch (error) {
      throw deliveryErrorOf(error);
    }
    await store.saveThread({ ...thread, last_status: issue.status });
  }

  /**
   * A direct message to the Slack user with this e-mail (`users.lookupByEmail`, then a post to
   * their user id, which Slack delivers as a DM from the app): the issue as Dexter posts it.
   */
  async function postDirect(
    target: ChatTarget,
    issueId: string,
    email: string,
    reason: string,
  ): Promise<void> {
    const connection = await connections.owned(target.org, target.connectionId);
    const slack = await connections.slackOf(connection);
    if (!slack)
      throw new ChatDeliveryError('only a Slack connection with its bot token sends direct messages', false);
    const issue = await chatIssue(target.org, issueId);
    let userId: string | undefined;
    try {
      userId = (await slack.users.lookupByEmail({ email })).user?.id;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'users_not_found')
        throw new ChatDeliveryError(`no Slack user has the e-mail ${email}`, false);
      throw deliveryErrorOf(error);
    }
    if (!userId) throw new ChatDeliveryError(`no Slack user has the e-mail ${email}`, false);
    try {
      await slack.chat.postMessage({
        channel: userId,
        text: issueText(issue, reason),
        blocks: issueBlocks(issue, reason, undefined, await teamsOf(target.org)) as never,
        unfurl_links: false,
      });
    } catch (error) {
      throw deliveryErrorOf(error);
    }
  }

  return {
    postIssueNotification,
    postDigest,
    postDirect,
    updateThread,
    chatIssue,

    noteActor(org: string, issueId: string, name: string, now: number): void {
      pendingActors.set(`${org}:${issueId}`, { name, at: now });
    },
    /** Who changed the issue from a chat click in the last minute, once. */
    takeActor(org: string, issueId: string, now: number): string | null {
      const actor = pendingActors.get(`${org}:${issueId}`);
      pendingActors.delete(`${org}:${issueId}`);
      return actor && now - actor.at < 60_000 ? actor.name : null;
    },
  };
}

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404;

export type ChatNotifier = ReturnType<typeof createChatNotifier>;
