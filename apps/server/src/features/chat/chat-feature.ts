/**
 * Slack and Microsoft Teams (issue 19). New and regressed issues of a routed project are posted to
 * its channels (one Slack thread per issue per channel); status changes made anywhere update the
 * thread; Slack's buttons change the issue through the issues service the UI uses; thread replies
 * become comments and Dexter comments go to the thread. Every message goes through the durable
 * outbox (`chat-outbox.ts`): queued first, then sent by the delivery pass, which retries, holds for
 * quiet hours and digests, and survives a restart. Chat work runs in one in-process queue, in the
 * order the changes arrived, after the change was told (never inside the request that made it).
 */
import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature, type FeaturePlatform } from '../../platform/feature-module';
import { createChatAssignments } from './chat-assignments';
import { type ChatConnections, createChatConnections } from './chat-connections';
import { createChatDelivery } from './chat-delivery';
import { createChatIssuePort } from './chat-issue-port';
import { type ChatNotifier, createChatNotifier } from './chat-notifier';
import { createChatOutbox } from './chat-outbox';
import { chatRoutes, slackRoutes } from './chat-routes';
import { createChatStore } from './chat-store';
import { createCommentMirror } from './comment-mirror';
import { createSlackCommands } from './slack-commands';
import { createSlackInteractions, type SlackInteractions } from './slack-interactions';
import { createSlackRequests } from './slack-requests';
import { createTeamsOutgoing } from './teams-outgoing';

/** How often Dexter comments are looked for in issues with a thread. */
export const COMMENT_SYNC_MS = 30_000;

export interface ChatHandle {
  connections: ChatConnections;
  notifier: ChatNotifier;
  slack: SlackInteractions;
  /** One pass of Dexter comments → threads; resolves with the number posted. */
  syncComments(): Promise<number>;
  /** Sends the queued messages now, also those waiting for a retry; resolves with the number tried. */
  retryNotifications(): Promise<number>;
  /** One delivery pass as the timer runs it (due messages only, held ones folded when due). */
  deliverDue(): Promise<number>;
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
  const commands = createSlackCommands({
    requests: createSlackRequests({
      store,
      connections,
      secrets: security.secrets,
      users: security.users,
      now,
    }),
    issues,
    publicUrl,
  });
  const outbox = createChatOutbox(db, now);
  return { store, connections, notifier, slack, teams, commands, mirror, outbox, issues };
}

export const chatFeature = defineFeature<ChatHandle>({
  name: 'chat',
  publishes: ['issue.updated'],
  consumes: ['issue.created', 'issue.regressed', 'issue.updated', 'alert.fired'],
  create(platform) {
    const { feed, log, now } = platform;
    const { store, connections, notifier, slack, teams, commands, mirror, outbox, issues } =
      createChat(platform);
    let queue: Promise<unknown> = Promise.resolve();
    const enqueue = (what: string, work: () => Promise<unknown>) => {
      queue = queue.then(work).catch((error: unknown) => log.warn({ err: error, what }, 'chat work failed'));
      return queue;
    };
    const stops: Array<() => void> = [];
    let timer: NodeJS.Timeout | null = null;
    let deliveryTimer: NodeJS.Timeout | null = null;
    const delivery = createChatDelivery({
      outbox,
      notifier,
      routeOf: (id) => store.route(id),
      now,
      warn: (object, message) => log.warn(object, message),
    });
    const assignments = createChatAssignments({ store, outbox, delivery, issues });
    /** When the outbox next has work: refreshed after each pass and on every enqueue. */
    let nextDueAt = 0;
    let lastLookAt = 0;
    let lastPruneAt = 0;
    const deliver = async (all = false) => {
      if (now() - lastPruneAt >= 3_600_000) {
        lastPruneAt = now();
        await outbox.prune();
      }
      const tried = await delivery.run(all);
      nextDueAt = (await outbox.nextDue()) ?? Number.POSITIVE_INFINITY;
      lastLookAt = now();
      return tried;
    };

    return {
      api: async (v1) => {
        await v1.register(chatRoutes, { connections, outbox });
        await v1.register(slackRoutes, { slack, teams, commands });
      },
      operations: [
        'chat.connections.list',
        'chat.connections.create',
        'chat.connections.delete',
        'chat.connections.test',
        'chat.routes.list',
        'chat.routes.create',
        'chat.routes.delete',
        'chat.deliveries.list',
        'chat.deliveries.retry',
        'chat.slack.interactivity',
        'chat.slack.events',
        'chat.slack.commands',
        'chat.teams.outgoing',
      ],
      start() {
        stops.push(
          feed.subscribe(
            (change) => {
              if (change.type === 'issue.updated') {
                const by = notifier.takeActor(change.org, change.issueId, now());
                void enqueue('status change', async () => {
                  for (const thread of await store.threadsOf(change.org, change.issueId))
                    await delivery.enqueue({
                      org: change.org,
                      connection_id: thread.connection_id,
                      route_id: null,
                      channel: thread.channel,
                      kind: 'status',
                      issue_id: change.issueId,
                      reason: `status ${change.action}`,
                      payload: JSON.stringify({ by }),
                    });
                  await assignments.issueUpdated(change.org, change.issueId, by);
                  await deliver();
                });
              } else if (change.type === 'alert.fired') {
                const { ruleId, issueId } = change;
                if (!ruleId || !issueId) return;
                void enqueue('alert', async () => {
                  await assignments.alertFired(change.org, ruleId, issueId, change.title);
                  await deliver();
                });
              } else if (change.project) {
                const reason = change.type === 'issue.created' ? 'New issue' : 'Regressed issue';
                const project = change.project;
                void enqueue('notification', async () => {
                  for (const route of await store.routesMatching(change.org, { project }))
                    await delivery.enqueueForRoute(route, change.issueId, reason);
                  await deliver();
                });
              }
            },
            { types: ['issue.created', 'issue.regressed', 'issue.updated', 'alert.fired'] },
          ),
        );
        timer = setInterval(() => void enqueue('comment sync', () => mirror.sync()), COMMENT_SYNC_MS);
        timer.unref();
        // Due work is known from the last pass; the outbox is looked at again every half minute for
        // what another instance queued. The first pass sends what a previous run left behind.
        deliveryTimer = setInterval(() => {
          if (now() >= nextDueAt || now() - lastLookAt >= 30_000)
            void enqueue('chat delivery', () => deliver());
        }, 1_000);
        deliveryTimer.unref();
        void enqueue('chat delivery', () => deliver());
      },
      async stop() {
        if (timer) clearInterval(timer);
        if (deliveryTimer) clearInterval(deliveryTimer);
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
          await enqueue('chat delivery', async () => {
            tried = await deliver(true);
          });
          return tried;
        },
        deliverDue: async () => {
          let tried = 0;
          await enqueue('chat delivery', async () => {
            tried = await deliver();
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
