/**
 * Slack and Microsoft Teams (issue 19). New and regressed issues of a routed project are posted to
 * its channels (one Slack thread per issue per channel); status changes made anywhere update the
 * thread; Slack's buttons change the issue through the issues service the UI uses; thread replies
 * become comments and Dexter comments go to the thread. Chat work runs in one queue, in the order
 * the changes arrived, after the change was told (never inside the request that made it).
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature, type FeaturePlatform } from '../../platform/feature-module';
import { type ChatConnections, createChatConnections } from './chat-connections';
import { createChatIssuePort } from './chat-issue-port';
import { type ChatNotifier, createChatNotifier } from './chat-notifier';
import { chatRoutes, slackRoutes } from './chat-routes';
import { createChatStore } from './chat-store';
import { createCommentMirror } from './comment-mirror';
import { createNotificationRetries } from './notification-retries';
import { createSlackInteractions, type SlackInteractions } from './slack-interactions';
import { createTeamsOutgoing } from './teams-outgoing';

/** How often Dexter comments are looked for in issues with a thread. */
export const COMMENT_SYNC_MS = 30_000;

export interface ChatHandle {
  connections: ChatConnections;
  notifier: ChatNotifier;
  slack: SlackInteractions;
  /** One pass of Dexter comments → threads; resolves with the number posted. */
  syncComments(): Promise<number>;
  /** Tries again the notifications waiting for a retry, due or not; resolves with the number tried. */
  retryNotifications(): Promise<number>;
  /** Resolves once the chat work queued so far is done. */
  idle(): Promise<void>;
}

/** The chat services over the platform; alert actions may build the notifier the same way. */
export function createChat(platform: FeaturePlatform) {
  const { config, upstream, feed, db, security, now, publicUrl } = platform;
  const sentry = upstream.client;
  const issues = createChatIssuePort(
    sentry,
    createIssueSearch({ sentry, dialect: dialectFor(config.mode) }),
    (change) => feed.publish(change),
  );
  const store = createChatStore(db, now);
  const connections = createChatConnections({
    store,
    secrets: security.secrets,
    guard: security.guard,
    publicUrl,
  });
  const notifier = createChatNotifier({
    store,
    connections,
    secrets: security.secrets,
    guard: security.guard,
    issues,
    publicUrl,
  });
  const slack = createSlackInteractions({
    store,
    connections,
    notifier,
    secrets: security.secrets,
    issues,
    users: security.users,
    audit: security.audit,
    now,
  });
  const mirror = createCommentMirror({ store, connections, issues, now });
  const teams = createTeamsOutgoing({ store, secrets: security.secrets, issues, publicUrl });
  return { store, connections, notifier, slack, teams, mirror };
}

export const chatFeature = defineFeature<ChatHandle>({
  name: 'chat',
  publishes: ['issue.updated'],
  consumes: ['issue.created', 'issue.regressed', 'issue.updated'],
  create(platform) {
    const { feed, log, now } = platform;
    const { connections, notifier, slack, teams, mirror } = createChat(platform);
    let queue: Promise<unknown> = Promise.resolve();
    const enqueue = (what: string, work: () => Promise<unknown>) => {
      queue = queue.then(work).catch((error: unknown) => log.warn({ err: error, what }, 'chat work failed'));
      return queue;
    };
    const stops: Array<() => void> = [];
    let timer: NodeJS.Timeout | null = null;
    let retryTimer: NodeJS.Timeout | null = null;
    const retries = createNotificationRetries({
      send: notifier.postIssueNotification,
      now,
      warn: (object, message) => log.warn(object, message),
    });

    return {
      api: async (v1) => {
        await v1.register(chatRoutes, { connections });
        await v1.register(slackRoutes, { slack, teams });
      },
      operations: [
        'chat.connections.list',
        'chat.connections.create',
        'chat.connections.delete',
        'chat.connections.test',
        'chat.routes.list',
        'chat.routes.create',
        'chat.routes.delete',
        'chat.slack.interactivity',
        'chat.slack.events',
        'chat.teams.outgoing',
      ],
      start() {
        stops.push(
          feed.subscribe(
            (change) => {
              if (change.type === 'issue.updated') {
                void enqueue('status change', () => notifier.issueChanged(change.org, change.issueId, now()));
              } else if (change.project) {
                const reason = change.type === 'issue.created' ? 'New issue' : 'Regressed issue';
                const project = change.project;
                void enqueue('notification', () =>
                  notifier.notifyRoutes(change.org, project, change.issueId, reason, retries.send),
                );
              }
            },
            { types: ['issue.created', 'issue.regressed', 'issue.updated'] },
          ),
        );
        timer = setInterval(() => void enqueue('comment sync', () => mirror.sync()), COMMENT_SYNC_MS);
        timer.unref();
        retryTimer = setInterval(() => {
          if (retries.size() > 0) void enqueue('notification retry', () => retries.runDue());
        }, 1_000);
        retryTimer.unref();
      },
      async stop() {
        if (timer) clearInterval(timer);
        if (retryTimer) clearInterval(retryTimer);
        for (const stop of stops) stop();
        await queue;
      },
      handle: {
        connections,
        notifier,
        slack,
        syncComments: async () => {
          let posted = 0;
          await enqueue('comment sync', async () => {
            posted = await mirror.sync();
          });
          return posted;
        },
        retryNotifications: async () => {
          let tried = 0;
          await enqueue('notification retry', async () => {
            tried = await retries.runDue(true);
          });
          return tried;
        },
        idle: async () => {
          await feed.idle();
          let last: Promise<unknown>;
          do {
            last = queue;
            await last;
          } while (last !== queue);
        },
      },
    };
  },
});
