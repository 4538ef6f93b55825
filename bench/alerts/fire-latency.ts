/**
 * Fire latency: from the moment the store acknowledged an event (the 200 of its envelope) to the
 * moment a local webhook receiver got the signed payload of the rule it fired. One Dexter process
 * with the bench's N active rules plus one "new issue -> webhook" rule; each sample is the first
 * event of a new issue, sent one at a time, so the figure is the path's own latency (commit with
 * rule judging, outbox, claim, signed POST), not a queue's.
 */
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { startWebhookReceiver } from '../../apps/server/src/features/alerts/alert-test-receivers';
import { startDexterProcess } from '../lib/dexter-process';
import { benchRule, createRules } from './bench-rules';

export async function measureFireLatency(plan: { rules: number; samples: number }): Promise<number[]> {
  const receiver = await startWebhookReceiver(200);
  const server = await startDexterProcess({ env: { DEXTER_ALLOW_PRIVATE_URLS: '127.0.0.1' } });
  try {
    const project = server.bootstrap.projects[0];
    if (!project) throw new Error('bootstrap.json lists no project');
    const { org, token } = server.bootstrap;
    const latencyRule = {
      name: 'latency probe',
      frequency: 5,
      actionMatch: 'any',
      filterMatch: 'all',
      conditions: [{ id: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition' }],
      filters: [],
      actions: [
        {
          id: 'sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction',
          sentryAppInstallationUuid: 'dexter',
          settings: [
            { name: 'kind', value: 'webhook' },
            { name: 'url', value: receiver.url },
          ],
        },
      ],
    };
    await createRules(server.url, token, org, project.slug, [
      ...Array.from({ length: plan.rules }, (_, i) => benchRule(i)),
      latencyRule,
    ]);
    const publicKey = decodeURIComponent(new URL(project.dsn).username);
    const latencies: number[] = [];
    for (let i = 0; i < plan.samples; i++) {
      const event = testEvent({ fingerprint: [`latency-${i}-${Date.now()}`], value: `latency probe ${i}` });
      const response = await postEnvelope(server.url, project.id, publicKey, envelopeOf(event));
      const acknowledged = Date.now();
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
      const arrived = await waitForWebhook(receiver.received, event.event_id, 15_000);
      latencies.push(arrived - acknowledged);
    }
    return latencies;
  } finally {
    await server.stop();
    server.removeDataDir();
    await receiver.close();
  }
}

async function waitForWebhook(
  received: Array<{ body: string; at: number }>,
  eventId: string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = received.find((r) => (JSON.parse(r.body) as { event: { id: string } }).event.id === eventId);
    if (hit) return hit.at;
    if (Date.now() > deadline) throw new Error(`no webhook for event ${eventId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
