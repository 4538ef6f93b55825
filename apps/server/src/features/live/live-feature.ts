/**
 * Live updates: the WebSocket (`/api/v1/live`, one per browser) over this instance's hub, fed by
 * the change feed (this instance's changes and, through Redis, every other instance's), plus the
 * upstream's health. In companion mode without a webhook secret, the poller is the source of
 * Sentry's changes: background work in the rate budget, which skips what Dexter itself changed.
 */
import { CHANGE_TYPES } from '@dexter/change-feed';
import type { LiveHub } from '../../live-hub/live-hub';
import { defineFeature } from '../../platform/feature-module';
import { systemClock } from '../../upstream/clock';
import { createLivePoller } from './live-poller';
import { createLivePublisher } from './live-publisher';
import { liveRoutes } from './live-routes';
import { createPollIssues } from './poll-issues';
import { startUpstreamWatch } from './upstream-watch';

export interface LiveHandle {
  /** The hub's figures and whether changes cross instances. */
  stats(): ReturnType<LiveHub['stats']> & { bus: string };
  /** Waits for changes in flight and sends pending counts (tests, shutdown). */
  idle(): Promise<void>;
}

export const liveFeature = defineFeature<LiveHandle>({
  name: 'live',
  publishes: ['issue.created', 'issue.regressed', 'issue.updated', 'issue.counts'],
  consumes: CHANGE_TYPES,
  create({ config, hub, upstream, feed, leases, security, log, defaultOrg }) {
    const publisher = createLivePublisher({ deliver: hub.deliver });
    const stops: Array<() => void> = [];
    let poller: ReturnType<typeof createLivePoller> | null = null;

    function startPoller(org: () => string | null): void {
      const active = createLivePoller({
        org,
        list: createPollIssues(upstream.pipeline.transport),
        budget: upstream.pipeline.budget,
        burst: config.upstream.burst,
        baseMs: config.live.pollMs,
        clock: systemClock,
        publish: (change) => void feed.publish(change),
        // Of several instances on one database, the holder of this lease polls; another takes
        // over when it stops renewing (it died), so Sentry is polled once, not once per instance.
        // Held for the lease TTL (at least two polls): a poll delay stretched past it by a short
        // rate budget may hand the lead over, which costs the new leader one baseline poll.
        lead: (ttlMs) =>
          leases.hold('live-poller', Math.min(ttlMs, Math.max(config.leases.ttlMs, config.live.pollMs * 2))),
        onError: (error) => log.warn({ err: error }, 'live poller: the poll failed'),
      });
      // What Dexter changed is told once, by Dexter: the poller must not report it again.
      stops.push(
        feed.subscribe(
          (change) => {
            if (change.origin === 'dexter')
              active.note(change.issueId, { status: change.status, count: change.count ?? 0 });
          },
          { types: ['issue.updated'] },
        ),
      );
      active.start();
      poller = active;
    }

    return {
      api: async (v1) => {
        await v1.register(liveRoutes, { auth: security.auth, hub });
      },
      operations: ['live.connect'],
      start() {
        stops.push(feed.subscribe((change) => publisher.publish(change), { remote: true }));
        stops.push(feed.onGap(() => hub.resyncAll('bus-recovered')));
        stops.push(startUpstreamWatch({ ...upstream.pipeline, deliver: hub.deliver }));
        if (config.mode === 'companion' && !config.live.webhookSecret) startPoller(defaultOrg);
      },
      async stop() {
        for (const stop of stops.splice(0)) stop();
        await poller?.stop();
        // Handed over now rather than at its expiry (only if this instance holds it).
        if (poller) await leases.release('live-poller').catch(() => {});
        publisher.flush();
      },
      handle: {
        stats: () => ({ ...hub.stats(), bus: feed.state() }),
        async idle() {
          await feed.idle();
          publisher.flush();
          hub.flush();
        },
      },
    };
  },
});
