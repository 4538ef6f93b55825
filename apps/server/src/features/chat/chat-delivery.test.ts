/**
 * The chat outbox and its delivery pass over a real Dexter database (SQLite in a temporary
 * directory), with a recording notifier and a hand-moved clock: retries honour Retry-After and
 * back off, refusals and the last attempt go dead with their error, the queue is bounded, a
 * message queued before a restart is sent after it, and quiet hours and digests hold messages and
 * send them as one digest when they end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDexterDatabase } from '../../db/database';
import { createChatDelivery, MAX_ATTEMPTS, RETRY_DELAYS_MS } from './chat-delivery';
import type { DigestPayload } from './chat-digest';
import { ChatDeliveryError, type ChatTarget } from './chat-notifier';
import { createChatOutbox } from './chat-outbox';
import { holdUntil, inQuietHours, nextLocal } from './chat-schedule';
import type { ChatRouteRow } from './chat-store';

const dir = mkdtempSync(join(tmpdir(), 'dexter-chat-delivery-'));
const T0 = Date.parse('2026-12-07T12:00:00Z');

interface Sent {
  kind: string;
  target: ChatTarget;
  issueId?: string;
  digest?: DigestPayload;
}

async function setup(options: { maxWaiting?: number } = {}) {
  const opened = await openDexterDatabase(dir);
  const clock = { at: T0 };
  const sent: Sent[] = [];
  const failures: unknown[] = [];
  const routes = new Map<number, ChatRouteRow>();
  const outbox = createChatOutbox(opened.db, () => clock.at, options);
  const delivery = createChatDelivery({
    outbox,
    notifier: {
      async postIssueNotification(target, issueId) {
        if (failures.length > 0) throw failures.shift();
        sent.push({ kind: 'issue', target, issueId });
      },
      async postDigest(target, digest) {
        if (failures.length > 0) throw failures.shift();
        sent.push({ kind: 'digest', target, digest });
      },
      async postDirect(target, issueId) {
        sent.push({ kind: 'dm', target, issueId });
      },
      async updateThread(target, issueId) {
        sent.push({ kind: 'status', target, issueId });
      },
    },
    routeOf: async (id) => routes.get(id),
    now: () => clock.at,
    warn: () => {},
  });
  return { ...opened, clock, sent, failures, routes, outbox, delivery };
}

const message = (issueId: string) => ({
  org: 'acme',
  connection_id: 1,
  route_id: null,
  channel: 'alerts',
  kind: 'issue' as const,
  issue_id: issueId,
  reason: 'New issue',
});

const route = (id: number, fields: Partial<ChatRouteRow>): ChatRouteRow => ({
  id,
  org: 'acme',
  connection_id: 1,
  project: 'web',
  team: '',
  alert_rule: '',
  channel: `route-${id}`,
  quiet_tz: null,
  quiet_start: null,
  quiet_end: null,
  digest: 'off',
  created_at: T0,
  ...fields,
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chat delivery outbox', () => {
  let world: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    await world?.close();
    rmSync(join(dir, 'dexter.sqlite'), { force: true });
    world = await setup({ maxWaiting: 3 });
  });
  afterAll(() => world?.close());

  it('waits at least the Retry-After Slack gave, then the backoff, and delivers on the next try', async () => {
    const id = await world.delivery.enqueue(message('1'));
    world.failures.push(new ChatDeliveryError('Slack rate-limited the call', true, 30));
    expect(await world.delivery.run()).toBe(1);
    let [row] = await world.outbox.list({ org: 'acme', limit: 5 });
    expect(row).toMatchObject({
      id,
      status: 'pending',
      attempts: 1,
      last_error: 'Slack rate-limited the call',
    });
    expect(Number(row!.next_attempt_at)).toBe(T0 + 30_000);

    world.clock.at += 29_000;
    expect(await world.delivery.run()).toBe(0);
    world.clock.at += 1_000;
    world.failures.push(new ChatDeliveryError('Slack answered HTTP 503', true));
    expect(await world.delivery.run()).toBe(1);
    [row] = await world.outbox.list({ org: 'acme', limit: 5 });
    expect(Number(row!.next_attempt_at)).toBe(world.clock.at + RETRY_DELAYS_MS[1]!);

    world.clock.at += RETRY_DELAYS_MS[1]!;
    expect(await world.delivery.run()).toBe(1);
    [row] = await world.outbox.list({ org: 'acme', limit: 5 });
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
    expect(world.sent.map((one) => one.issueId)).toEqual(['1']);
  });

  it('marks a refused message dead at once, and a failing one dead after its last attempt; an admin may queue it again', async () => {
    await world.delivery.enqueue(message('1'));
    world.failures.push(new ChatDeliveryError('Slack refused the call: channel_not_found', false));
    await world.delivery.run();
    expect((await world.outbox.list({ org: 'acme', limit: 5 }))[0]).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: 'Slack refused the call: channel_not_found',
    });

    const id = await world.delivery.enqueue(message('2'));
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      world.failures.push(new ChatDeliveryError('Slack answered HTTP 500', true));
      expect(await world.delivery.run(true)).toBe(1);
    }
    const [dead] = await world.outbox.list({ org: 'acme', status: 'dead', limit: 1 });
    expect(dead).toMatchObject({
      id,
      attempts: MAX_ATTEMPTS,
      last_error: `Slack answered HTTP 500 (after ${MAX_ATTEMPTS} attempts)`,
    });
    expect(await world.delivery.run(true)).toBe(0);

    expect(await world.outbox.requeue('other-org', id)).toBe(false);
    expect(await world.outbox.requeue('acme', id)).toBe(true);
    expect(await world.delivery.run()).toBe(1);
    expect(world.sent.map((one) => one.issueId)).toEqual(['2']);
  });

  it('is bounded: past the limit the oldest waiting message is dropped, named in the log', async () => {
    world.failures.push(...[1, 2, 3, 4].map(() => new ChatDeliveryError('down', true)));
    for (const issue of ['1', '2', '3', '4']) await world.delivery.enqueue(message(issue));
    const rows = await world.outbox.list({ org: 'acme', limit: 10 });
    expect(rows.map((row) => [row.issue_id, row.status])).toEqual([
      ['4', 'pending'],
      ['3', 'pending'],
      ['2', 'pending'],
      ['1', 'dead'],
    ]);
    expect(rows[3]!.last_error).toBe('dropped: more than 3 waiting');
  });

  it('sends after a restart what was queued before it', async () => {
    await world.delivery.enqueue(message('7'));
    await world.close();
    world = await setup();
    expect(await world.delivery.run()).toBe(1);
    expect(world.sent).toEqual([
      { kind: 'issue', target: { org: 'acme', connectionId: 1, channel: 'alerts' }, issueId: '7' },
    ]);
  });

  it('holds a route’s messages through quiet hours and sends them as one digest when they end', async () => {
    // 12:00 UTC is 13:00 in Berlin: quiet from 12:30 to 14:00 local.
    const quiet = route(5, { quiet_tz: 'Europe/Berlin', quiet_start: '12:30', quiet_end: '14:00' });
    world.routes.set(5, quiet);
    await world.delivery.enqueueForRoute(quiet, '1', 'New issue');
    await world.delivery.enqueueForRoute(quiet, '2', 'Regressed issue');
    const open = route(6, {});
    await world.delivery.enqueueForRoute(open, '3', 'New issue');
    expect(await world.delivery.run()).toBe(1);
    expect(world.sent.map((one) => one.issueId)).toEqual(['3']);

    world.clock.at = Date.parse('2026-12-07T12:59:00Z');
    expect(await world.delivery.run()).toBe(0);
    world.clock.at = Date.parse('2026-12-07T13:00:00Z');
    expect(await world.delivery.run()).toBe(1);
    expect(world.sent[1]).toMatchObject({
      kind: 'digest',
      target: { channel: 'route-5' },
      digest: {
        title: 'quiet hours digest',
        items: [
          { issueId: '1', reason: 'New issue' },
          { issueId: '2', reason: 'Regressed issue' },
        ],
      },
    });
    const log = await world.outbox.list({ org: 'acme', limit: 10 });
    expect(log.map((row) => [row.kind, row.status])).toEqual([
      ['digest', 'delivered'],
      ['issue', 'delivered'],
      ['issue', 'digested'],
      ['issue', 'digested'],
    ]);
    expect(await world.delivery.run(true)).toBe(0);
  });

  it('collects an hourly digest route until the full hour', async () => {
    const hourly = route(8, { digest: 'hourly' });
    world.routes.set(8, hourly);
    world.clock.at = T0 + 10 * 60_000;
    await world.delivery.enqueueForRoute(hourly, '1', 'New issue');
    world.clock.at = T0 + 59 * 60_000;
    expect(await world.delivery.run()).toBe(0);
    world.clock.at = T0 + 60 * 60_000;
    expect(await world.delivery.run()).toBe(1);
    expect(world.sent[0]).toMatchObject({ kind: 'digest', digest: { title: 'hourly digest' } });
  });
});

describe('route schedule', () => {
  const at = (iso: string) => Date.parse(iso);
  it('knows quiet hours that span midnight in the route’s time zone', () => {
    const night = {
      timeZone: 'America/New_York',
      quietStart: '22:00',
      quietEnd: '07:00',
      digest: 'off' as const,
    };
    expect(inQuietHours(at('2026-12-08T03:30:00Z'), night)).toBe(true); // 22:30 in New York
    expect(inQuietHours(at('2026-12-08T12:30:00Z'), night)).toBe(false); // 07:30
    expect(holdUntil(at('2026-12-08T03:30:00Z'), night)).toBe(at('2026-12-08T12:00:00Z'));
    expect(holdUntil(at('2026-12-08T12:30:00Z'), night)).toBeNull();
  });

  it('finds the next local time across a daylight-saving change, and holds a daily digest for 09:00 local', () => {
    // Berlin moves from UTC+1 to UTC+2 on 2026-03-29 at 02:00 local.
    expect(nextLocal(at('2026-03-28T12:00:00Z'), 'Europe/Berlin', '09:00')).toBe(at('2026-03-29T07:00:00Z'));
    const daily = { timeZone: 'Asia/Tokyo', quietStart: null, quietEnd: null, digest: 'daily' as const };
    expect(holdUntil(at('2026-12-07T12:00:00Z'), daily)).toBe(at('2026-12-08T00:00:00Z'));
  });
});
