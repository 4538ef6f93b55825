/**
 * Slack and Teams end to end against local fakes: a real `@sentry/node` event creates an issue in
 * the built-in store; Dexter posts it (Block Kit) to the routed Slack channel of a fake Slack that
 * checks every call against Slack's published spec, and an Adaptive Card to a fake Teams webhook.
 * A later notification lands in the same thread; signed button clicks resolve, ignore and assign
 * the issue (read back through Dexter's API) and update the message; forged and stale clicks are
 * 401; a thread reply becomes a comment, a Dexter comment goes to the thread, and nothing echoes.
 */
import { sendAlertBurst } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import type { ChatHandle } from './chat-feature';
import { ChatDeliveryError } from './chat-notifier';
import { ACTION } from './slack-blocks';
import { signSlackRequest } from './slack-signature';
import { signTeamsRequest } from './teams-outgoing';
import { blockErrors, FAKE_BOT, type FakeSlack, startFakeSlack } from './testing/fake-slack';
import { type FakeTeams, startFakeTeams, teamsMessageErrors } from './testing/fake-teams';

const SIGNING_SECRET = 'test signing secret 0123456789';
const ALICE = { id: 'U0ALICE', name: 'Alice Triager', email: 'admin@dexter.local' };
const VIEWER = { id: 'U0VIEWER', name: 'Val Viewer', email: 'val@example.com' };

describe('Slack and Teams', () => {
  let dexter: TestDexter;
  let slack: FakeSlack;
  let teams: FakeTeams;
  let org: string;
  let project: string;
  let connectionId: string;
  let issueId: string;
  let rootTs: string;
  let channelId: string;

  const chat = () => dexter.modules.get('chat')!.handle as ChatHandle;
  const settle = async () => {
    await dexter.store!.admin.drain();
    await chat().idle();
  };
  const json = async (response: Response) => ({ status: response.status, body: await response.json() });
  const issue = async () =>
    (await (await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}`)).json()).issue;

  function signed(
    path: string,
    body: string,
    contentType: string,
    options: { secret?: string; age?: number } = {},
  ) {
    const timestamp = Math.floor(Date.now() / 1000) - (options.age ?? 0);
    return dexter.anonymous(path, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(options.secret ?? SIGNING_SECRET, timestamp, body),
      },
      body,
    });
  }
  const click = (user: { id: string }, action: Record<string, unknown>, options = {}) => {
    const payload = {
      type: 'block_actions',
      user: { id: user.id, username: 'someone' },
      team: { id: 'T0DEXTER' },
      channel: { id: channelId },
      message: { ts: rootTs, text: '' },
      container: { type: 'message', message_ts: rootTs, channel_id: channelId },
      actions: [
        { block_id: `dexter-actions:${org}:${issueId}`, action_ts: '1.2', type: 'button', ...action },
      ],
      response_url: 'https://hooks.slack.invalid/actions/1',
      trigger_id: '1.2.3',
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return signed(
      `/api/v1/chat/slack/${connectionId}/interactivity`,
      body,
      'application/x-www-form-urlencoded',
      options,
    );
  };
  const event = (inner: Record<string, unknown>, eventId: string) =>
    signed(
      `/api/v1/chat/slack/${connectionId}/events`,
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0DEXTER',
        api_app_id: FAKE_BOT.appId,
        event_id: eventId,
        event_time: 1,
        event: inner,
      }),
      'application/json',
    );
  const comments = async () =>
    (await (await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}/comments`)).json())
      .comments as Array<{
      id: string;
      text: string;
    }>;

  beforeAll(async () => {
    slack = await startFakeSlack({ users: [ALICE, VIEWER] });
    teams = await startFakeTeams();
    dexter = await startTestDexter({ DEXTER_ALLOW_PRIVATE_URLS: '127.0.0.1' });
    org = dexter.bootstrap!.org;
    project = dexter.bootstrap!.projects[0]!.slug;
    await dexter.security.services.users.create({
      username: 'alice',
      role: 'triager',
      email: ALICE.email,
      password: 'x'.repeat(16),
    });
    await dexter.security.services.users.create({
      username: 'val',
      role: 'viewer',
      email: VIEWER.email,
      password: 'x'.repeat(16),
    });
  }, 60_000);
  afterAll(async () => {
    await dexter?.close();
    await slack?.close();
    await teams?.close();
  });

  it('connects Slack (token checked, secrets sealed) and Teams, and refuses unsafe URLs', async () => {
    const created = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/connections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'slack',
          name: 'Acme',
          botToken: 'xoxb-test-token',
          signingSecret: SIGNING_SECRET,
          apiUrl: slack.url,
        }),
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'slack', botUserId: FAKE_BOT.userId, apiUrl: slack.url });
    expect(created.body.interactivityUrl).toMatch(/\/api\/v1\/chat\/slack\/\d+\/interactivity$/);
    connectionId = created.body.id;
    expect(JSON.stringify(created.body)).not.toContain('xoxb-test-token');
    const sealed = await dexter.security.db.selectFrom('secrets').select(['name', 'ciphertext']).execute();
    expect(sealed.map((row) => row.name)).toEqual(
      expect.arrayContaining([`chat-${connectionId}-token`, `chat-${connectionId}-signing`]),
    );
    expect(JSON.stringify(sealed)).not.toContain('xoxb-test-token');
    expect(slack.callsOf('auth.test')).toHaveLength(1);

    const metadata = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/connections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'slack',
          name: 'Evil',
          botToken: 'xoxb-x',
          signingSecret: 's',
          apiUrl: 'http://169.254.169.254/api/',
        }),
      }),
    );
    expect(metadata.status).toBe(400);
    expect(metadata.body.error).toMatchObject({
      code: 'DEXTER_ERR_UNSAFE_URL',
      message: expect.stringMatching(/^apiUrl: /),
    });

    const badToken = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/connections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'slack',
          name: 'Typo',
          botToken: 'not-a-token',
          signingSecret: 's',
          apiUrl: slack.url,
        }),
      }),
    );
    expect(badToken.status).toBe(400);
    expect(JSON.stringify(badToken.body)).toContain('botToken');

    const teamsConnection = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/connections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'teams', name: 'Ops channel', webhookUrl: teams.url }),
      }),
    );
    expect(teamsConnection.status).toBe(201);

    for (const [id, channel] of [
      [connectionId, '#alerts'],
      [teamsConnection.body.id, 'webhook'],
    ]) {
      const route = await dexter.request(`/api/v1/organizations/${org}/chat/routes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ connectionId: id, project, channel }),
      });
      expect(route.status).toBe(201);
    }
    const routes = await json(await dexter.request(`/api/v1/organizations/${org}/chat/routes`));
    expect(routes.body.items.map((route: { channel: string }) => route.channel)).toEqual([
      'alerts',
      'webhook',
    ]);
  });

  it('posts a new issue to the routed Slack channel (Block Kit) and to Teams (Adaptive Card)', async () => {
    await sendAlertBurst({ dsn: dexter.bootstrap!.projects[0]!.dsn, count: 1, fingerprint: 'chat-flow' });
    await settle();
    const posts = slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    const root = posts[0]!;
    expect(root.params.channel).toBe('alerts');
    expect(root.params.thread_ts).toBeUndefined();
    const actions = root.blocks!.find((block) => block.type === 'actions') as {
      elements: Array<Record<string, unknown>>;
    };
    const resolve = actions.elements.find((element) => element.action_id === ACTION.resolve)!;
    [, issueId] = String(resolve.value).split(':') as [string, string];
    const open = actions.elements.find((element) => element.action_id === ACTION.open)!;
    expect(open.url).toBe(`${dexter.url}/${org}/issues/${issueId}`);
    const detail = await issue();
    expect(JSON.stringify(root.blocks)).toContain(detail.title.slice(0, 40));
    expect(JSON.stringify(root.blocks)).toContain('*Events*');
    expect(JSON.stringify(root.blocks)).toMatch(/Last 24 h `[▁▂▃▄▅▆▇█]+`/);
    // The thread is stored under the channel id Slack answered with, as events name it.
    channelId = 'CALERTS';
    rootTs = await threadTs();

    expect(teams.posts).toHaveLength(1);
    expect(teams.posts[0]!.errors).toEqual([]);
    const card = (
      teams.posts[0]!.body as {
        attachments: Array<{ content: { actions: Array<{ url: string }>; body: unknown[] } }>;
      }
    ).attachments[0]!.content;
    expect(card.actions[0]!.url).toBe(`${dexter.url}/${org}/issues/${issueId}`);
    expect(JSON.stringify(card.body)).toContain(detail.shortId);
  });

  it('answers a Teams outgoing webhook signed with its security token, and refuses a wrong HMAC', async () => {
    const securityToken = Buffer.from('teams outgoing security token 42').toString('base64');
    const created = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/connections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'teams',
          name: 'Ops commands',
          webhookUrl: teams.url,
          outgoingToken: securityToken,
        }),
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.outgoingWebhookUrl).toMatch(/\/api\/v1\/chat\/teams\/\d+\/outgoing$/);
    const word = String((await issue()).title)
      .split(/[^A-Za-z0-9]+/)
      .filter((part) => part.length > 3)
      .pop()!;
    const activity = JSON.stringify({
      type: 'message',
      text: `<at>Dexter</at>&nbsp;${word}`,
      from: { name: 'Alice' },
    });
    const path = `/api/v1/chat/teams/${created.body.id}/outgoing`;
    const post = (authorization: string) =>
      dexter.anonymous(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: activity,
      });

    const answer = await json(await post(signTeamsRequest(securityToken, activity)));
    expect(answer.status).toBe(200);
    expect(teamsMessageErrors(answer.body)).toEqual([]);
    expect(JSON.stringify(answer.body)).toContain(`${dexter.url}/${org}/issues/${issueId}`);

    const forged = await json(
      await post(signTeamsRequest(Buffer.from('another token 123456').toString('base64'), activity)),
    );
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('DEXTER_ERR_WEBHOOK_SIGNATURE');
    expect((await post('Bearer nothing')).status).toBe(401);
  });

  async function threadTs(): Promise<string> {
    const row = await dexter.security.db
      .withTables<{ chat_threads: { issue_id: string; thread_ts: string; channel_id: string } }>()
      .selectFrom('chat_threads')
      .selectAll()
      .where('issue_id', '=', issueId)
      .executeTakeFirstOrThrow();
    expect(row.channel_id).toBe('CALERTS');
    return row.thread_ts;
  }

  it('puts a later notification of the same issue into its thread', async () => {
    await chat().notifier.postIssueNotification(
      { org, connectionId: Number(connectionId), channel: '#alerts' },
      issueId,
      'Rule "Checkout errors" fired',
    );
    const posts = slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.params).toMatchObject({ channel: channelId, thread_ts: rootTs });
    expect(String(posts[1]!.params.text)).toMatch(/^Rule "Checkout errors" fired: 1 events/);
    expect(slack.callsOf('chat.update').at(-1)!.params).toMatchObject({ channel: channelId, ts: rootTs });
  });

  it('gives alert actions a retryable delivery error, with Retry-After, when Slack rate-limits', async () => {
    slack.rateLimitNext('chat.postMessage', 30);
    const failure = await chat()
      .notifier.postIssueNotification(
        { org, connectionId: Number(connectionId), channel: '#alerts' },
        issueId,
        'Rule fired',
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChatDeliveryError);
    expect(failure).toMatchObject({ retryable: true, retryAfterSeconds: 30 });
    const missing = await chat()
      .notifier.postIssueNotification({ org, connectionId: 999, channel: '#alerts' }, issueId, 'Rule fired')
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'DEXTER_ERR_NOT_FOUND' });
  });

  it('refuses forged and stale clicks with 401, and leaves the issue alone', async () => {
    for (const options of [{ secret: 'forged secret' }, { age: 6 * 60 }]) {
      const refused = await json(
        await click(ALICE, { action_id: ACTION.resolve, value: `${org}:${issueId}` }, options),
      );
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('DEXTER_ERR_WEBHOOK_SIGNATURE');
    }
    const unsigned = await dexter.anonymous(`/api/v1/chat/slack/${connectionId}/interactivity`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payload={}',
    });
    expect(unsigned.status).toBe(401);
    expect((await issue()).status).toBe('unresolved');
  });

  it('resolves the issue from a button, through the issues service, and updates the message and thread', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const answer = await json(await click(ALICE, { action_id: ACTION.resolve, value: `${org}:${issueId}` }));
    expect(answer).toEqual({ status: 200, body: { handled: ACTION.resolve } });
    expect((await issue()).status).toBe('resolved');
    await chat().idle();
    const update = slack.callsOf('chat.update').at(-1)!;
    expect(update.params).toMatchObject({ channel: channelId, ts: rootTs });
    const buttons = JSON.stringify(update.blocks);
    expect(buttons).toContain(ACTION.unresolve);
    expect(buttons).not.toContain(`${ACTION.resolve}"`);
    const audit = await dexter.security.services.audit.list({ limit: 20 } as never);
    expect(audit.entries.find((entry) => entry.action === 'issues.update')).toMatchObject({
      actor: { name: 'alice' },
      targets: { org, issueId },
      detail: { via: 'slack', slackUser: ALICE.id, update: { status: 'resolved' } },
    });
    const line = slack.callsOf('chat.postMessage').slice(before);
    expect(line).toHaveLength(1);
    expect(line[0]!.params).toMatchObject({ thread_ts: rootTs });
    expect(String(line[0]!.params.text)).toMatch(/is now resolved \(by alice\)/);
  });

  it('ignores for a chosen duration, and assigns to the clicking user mapped by e-mail', async () => {
    const ignored = await json(
      await click(ALICE, {
        action_id: ACTION.ignore,
        type: 'static_select',
        selected_option: { value: `${org}:${issueId}:120` },
      }),
    );
    expect(ignored.body.handled).toBe(ACTION.ignore);
    const afterIgnore = await issue();
    expect(afterIgnore.status).toBe('ignored');
    await chat().idle();

    const assigned = await json(
      await click(ALICE, { action_id: ACTION.assignMe, value: `${org}:${issueId}` }),
    );
    expect(assigned.body.handled).toBe(ACTION.assignMe);
    expect((await issue()).assignedTo).toMatchObject({ type: 'user', email: ALICE.email });
    await chat().idle();
    // The assignee hears of it in a direct message (the Slack user with their e-mail).
    expect(slack.callsOf('users.lookupByEmail').at(-1)!.params).toMatchObject({ email: ALICE.email });
    const direct = slack.callsOf('chat.postMessage').filter((call) => call.params.channel === ALICE.id);
    expect(direct).toHaveLength(1);
    expect(String(direct[0]!.params.text)).toMatch(/\(Assigned to you by alice\)/);
    expect(JSON.stringify(slack.callsOf('chat.update').at(-1)!.blocks)).toMatch(/assigned to/);

    const ephemeralBefore = slack.callsOf('chat.postEphemeral').length;
    const viewer = await json(await click(VIEWER, { action_id: ACTION.resolve, value: `${org}:${issueId}` }));
    expect(viewer.body.handled).toBe('refused');
    expect(slack.callsOf('chat.postEphemeral')).toHaveLength(ephemeralBefore + 1);
    expect((await issue()).status).toBe('ignored');
  });

  it('keeps messages while Slack is down, shows them in the delivery log, and sends them when it is back', async () => {
    slack.down(503);
    const reopened = await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'unresolved' }),
    });
    expect(reopened.status).toBe(200);
    await chat().idle();
    const log = await json(await dexter.request(`/api/v1/organizations/${org}/chat/deliveries?limit=5`));
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({
      kind: 'status',
      issueId,
      status: 'pending',
      attempts: 1,
      lastError: 'Slack answered HTTP 503',
      connectionId,
      channel: 'alerts',
    });
    expect(Date.parse(log.body.items[0].nextAttemptAt)).toBeGreaterThan(Date.now());
    const viewer = await dexter.clientAs('viewer');
    expect((await viewer.request(`/api/v1/organizations/${org}/chat/deliveries`)).status).toBe(403);
    const badQuery = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/deliveries?status=lost`),
    );
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/status/);

    slack.up();
    const before = slack.callsOf('chat.postMessage').length;
    // Due again in 2 s: the module's own timer may have tried (and failed) meanwhile, or take it first now.
    await chat().retryNotifications();
    const after = await json(await dexter.request(`/api/v1/organizations/${org}/chat/deliveries?limit=1`));
    expect(after.body.items[0]).toMatchObject({ kind: 'status', status: 'delivered', lastError: null });
    expect(after.body.items[0].attempts).toBeGreaterThanOrEqual(2);
    const line = slack.callsOf('chat.postMessage').slice(before);
    expect(line.map((call) => [call.params.thread_ts, call.params.text])).toEqual([
      [rootTs, expect.stringMatching(/is now unresolved\.$/)],
    ]);
  });

  it('answers /dexter search, show and mine as ephemeral Block Kit, with usage text on bad input', async () => {
    const detail = await issue();
    const command = (user: { id: string }, text: string, options = {}) =>
      signed(
        `/api/v1/chat/slack/${connectionId}/commands`,
        new URLSearchParams({
          token: 'legacy',
          team_id: 'T0DEXTER',
          team_domain: 'dexter-test',
          channel_id: channelId,
          channel_name: 'alerts',
          user_id: user.id,
          user_name: 'someone',
          command: '/dexter',
          text,
          api_app_id: FAKE_BOT.appId,
          response_url: 'https://hooks.slack.invalid/commands/1',
          trigger_id: '1.2.3',
        }).toString(),
        'application/x-www-form-urlencoded',
        options,
      );
    const answer = async (user: { id: string }, text: string) => {
      const reply = await json(await command(user, text));
      expect(reply.status).toBe(200);
      expect(reply.body.response_type).toBe('ephemeral');
      expect(blockErrors(reply.body.blocks)).toEqual([]);
      return reply.body as { text: string; blocks: object[] };
    };
    const word = String(detail.title)
      .split(/[^A-Za-z0-9]+/)
      .filter((part) => part.length > 3)
      .pop()!;
    expect((await answer(ALICE, `search ${word}`)).text).toContain(detail.shortId);
    expect((await answer(ALICE, 'search zzzz-no-such-words')).text).toMatch(/: none$/);

    const shown = await answer(ALICE, `show ${detail.shortId.toLowerCase()}`);
    expect(shown.text).toContain(`${dexter.url}/${org}/issues/${issueId}`);
    expect(JSON.stringify(shown.blocks)).toContain(`"value":"${org}:${issueId}"`);
    expect((await answer(ALICE, 'show WEB-ZZZZZ')).text).toMatch(/^No issue WEB-ZZZZZ in /);
    expect((await answer(ALICE, 'show ../etc')).text).toMatch(/short id such as WEB-12, not "..\/etc"/);

    expect((await answer(ALICE, 'mine')).text).toMatch(new RegExp(`assigned to alice: ${detail.shortId}$`));
    expect((await answer(VIEWER, 'mine')).text).toMatch(/: none$/);
    expect((await answer(ALICE, 'frobnicate now')).text).toMatch(
      /^Unknown command "frobnicate"[\s\S]*\/dexter mine/,
    );
    expect((await answer(ALICE, '')).text).toMatch(/^\*\/dexter\* commands/);

    const sslCheck = await dexter.anonymous(`/api/v1/chat/slack/${connectionId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=legacy',
    });
    expect(await sslCheck.json()).toEqual({ response_type: 'ephemeral', text: '' });
    const unsigned = await dexter.anonymous(`/api/v1/chat/slack/${connectionId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=mine&user_id=U0ALICE',
    });
    expect(unsigned.status).toBe(401);
    const forged = await json(await command(ALICE, 'mine', { secret: 'forged' }));
    expect(forged.status).toBe(401);
    const stale = await json(await command(ALICE, 'mine', { age: 10 * 60 }));
    expect(stale.body.error.code).toBe('DEXTER_ERR_WEBHOOK_SIGNATURE');
  });

  it('answers url_verification, turns a thread reply into a comment, mirrors Dexter comments, and never echoes', async () => {
    const challenge = await json(
      await signed(
        `/api/v1/chat/slack/${connectionId}/events`,
        JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }),
        'application/json',
      ),
    );
    expect(challenge.body).toMatchObject({ challenge: 'c-123' });

    const reply = {
      type: 'message',
      channel: channelId,
      user: ALICE.id,
      text: 'Looking into it, bad deploy',
      ts: '1800000000.000200',
      thread_ts: rootTs,
    };
    expect((await json(await event(reply, 'Ev1'))).body.handled).toBe('comment');
    expect((await json(await event(reply, 'Ev1'))).body.handled).toBe('duplicate');
    const afterReply = await comments();
    expect(afterReply).toHaveLength(1);
    expect(afterReply[0]!.text).toMatch(/^Looking into it, bad deploy\n\n— Alice Triager in Slack$/);

    // The reply came from the thread: the mirror does not post it back.
    const postsBefore = slack.callsOf('chat.postMessage').length;
    expect(await chat().syncComments()).toBe(0);

    const dexterComment = await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Rolled back release 1.2' }),
    });
    expect(dexterComment.status).toBe(201);
    expect(await chat().syncComments()).toBe(1);
    expect(await chat().syncComments()).toBe(0);
    const mirrored = slack.callsOf('chat.postMessage').slice(postsBefore);
    expect(mirrored).toHaveLength(1);
    expect(mirrored[0]!.params).toMatchObject({ channel: channelId, thread_ts: rootTs });
    expect(String(mirrored[0]!.params.text)).toContain('Rolled back release 1.2');

    // Slack sends Dexter's own post back as a message event (with its bot id): not a comment.
    const echo = {
      type: 'message',
      channel: channelId,
      user: FAKE_BOT.userId,
      bot_id: FAKE_BOT.botId,
      text: String(mirrored[0]!.params.text),
      ts: '1800000000.000300',
      thread_ts: rootTs,
    };
    expect((await json(await event(echo, 'Ev2'))).body.handled).toBe('bot message');
    const edited = { ...reply, subtype: 'message_changed', ts: '1800000000.000400' };
    expect((await json(await event(edited, 'Ev3'))).body.handled).toBe('ignored');
    expect(await comments()).toHaveLength(2);
  });

  it('routes by team and alert rule, assigns to a team from the message, and posts digests Slack and Teams take', async () => {
    for (const body of [
      { connectionId, team: 'triage', channel: '#triage' },
      { connectionId, alertRule: '7', channel: '#rule-seven' },
    ]) {
      const created = await json(
        await dexter.request(`/api/v1/organizations/${org}/chat/routes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ project: null, digest: 'off', quietHours: null });
    }
    const refused = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/routes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          connectionId,
          project,
          channel: '#x',
          quietHours: { timeZone: 'Mars/Olympus', start: '22:00', end: '07:00' },
        }),
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /^quietHours\.timeZone: Mars\/Olympus is not an IANA time zone/,
    );
    const both = await json(
      await dexter.request(`/api/v1/organizations/${org}/chat/routes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ connectionId, project, team: 'triage', channel: '#x' }),
      }),
    );
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/exactly one of project, team or alertRule/);

    // The message offers the organization's teams; picking one assigns the issue to it.
    const actions = slack
      .callsOf('chat.update')
      .at(-1)!
      .blocks!.find((block) => block.type === 'actions') as { elements: Array<Record<string, unknown>> };
    const teamSelect = actions.elements.find((element) => element.action_id === ACTION.assignTeam) as {
      options: Array<{ text: { text: string }; value: string }>;
    };
    const triage = teamSelect.options.find((option) => option.text.text === '#triage')!;
    expect(triage.value).toMatch(new RegExp(`^${org}:${issueId}:\\d+$`));
    const before = slack.callsOf('chat.postMessage').length;
    const picked = await json(
      await click(ALICE, {
        action_id: ACTION.assignTeam,
        type: 'static_select',
        selected_option: { value: triage.value },
      }),
    );
    expect(picked.body.handled).toBe(ACTION.assignTeam);
    expect((await issue()).assignedTo).toMatchObject({ type: 'team', name: 'triage' });
    await chat().idle();
    const toTeam = slack
      .callsOf('chat.postMessage')
      .slice(before)
      .filter((call) => call.params.channel === 'triage');
    expect(toTeam).toHaveLength(1);
    expect(String(toTeam[0]!.params.text)).toContain('(Assigned to #triage by alice)');

    // An alert rule's firing goes to the rule's route.
    await dexter.platform.feed.publish({
      type: 'alert.fired',
      org,
      kind: 'issue',
      title: 'Checkout errors: a new issue',
      status: null,
      issueId,
      ruleId: '7',
    });
    await chat().idle();
    const toRule = slack.callsOf('chat.postMessage').filter((call) => call.params.channel === 'rule-seven');
    expect(toRule).toHaveLength(1);
    expect(String(toRule[0]!.params.text)).toContain('(Alert: Checkout errors: a new issue)');

    // Digests as Dexter renders them: checked by the Slack fake (spec) and the Teams fake (card schema).
    const digest = { title: 'daily digest', items: [{ issueId, reason: 'New issue' }] };
    await chat().notifier.postDigest({ org, connectionId: Number(connectionId), channel: '#digest' }, digest);
    const posted = slack.callsOf('chat.postMessage').at(-1)!;
    expect(posted.params).toMatchObject({ channel: 'digest' });
    expect(String(posted.params.text)).toBe('Dexter daily digest: 1 issue (1 new, 0 regressed)');
    expect(JSON.stringify(posted.blocks)).toContain(`${dexter.url}/${org}/issues/${issueId}`);
    const teamsId = (
      await json(await dexter.request(`/api/v1/organizations/${org}/chat/connections`))
    ).body.items.find((item: { kind: string }) => item.kind === 'teams').id;
    await chat().notifier.postDigest({ org, connectionId: Number(teamsId), channel: 'webhook' }, digest);
    expect(teams.posts.at(-1)!.errors).toEqual([]);
    expect(JSON.stringify(teams.posts.at(-1)!.body)).toContain('Dexter daily digest: 1 issue');
  });

  it('keeps a new-issue notification Slack rate-limited and posts it on the retry', async () => {
    slack.rateLimitNext('chat.postMessage', 1);
    const before = slack.callsOf('chat.postMessage').length;
    await sendAlertBurst({
      dsn: dexter.bootstrap!.projects[0]!.dsn,
      count: 1,
      fingerprint: 'chat-flow-second',
    });
    await settle();
    const refused = slack.callsOf('chat.postMessage').slice(before);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.params.thread_ts).toBeUndefined();
    // Due in 2 s: the module's own timer may get there first under load; either way it goes out once.
    await chat().retryNotifications();
    const retried = slack.callsOf('chat.postMessage').slice(before + 1);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.params).toMatchObject({ channel: 'alerts', text: refused[0]!.params.text });
    expect(await chat().retryNotifications()).toBe(0);
  });

  it('removes a connection with its sealed secrets, routes and threads; a viewer may not', async () => {
    const viewer = await dexter.clientAs('viewer');
    const denied = await viewer.request(`/api/v1/organizations/${org}/chat/connections/${connectionId}`, {
      method: 'DELETE',
    });
    expect(denied.status).toBe(403);
    const removed = await dexter.request(`/api/v1/organizations/${org}/chat/connections/${connectionId}`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
    const names = (await dexter.security.db.selectFrom('secrets').select('name').execute()).map(
      (row) => row.name,
    );
    expect(names.filter((name) => name.startsWith(`chat-${connectionId}-`))).toEqual([]);
    const routes = await json(await dexter.request(`/api/v1/organizations/${org}/chat/routes`));
    expect(routes.body.items.map((route: { channel: string }) => route.channel)).toEqual(['webhook']);
    const gone = await dexter.anonymous(`/api/v1/chat/slack/${connectionId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(gone.status).toBe(404);
  });

  it('made only spec-valid Slack calls', () => {
    expect(slack.invalid()).toEqual([]);
    expect(slack.calls.length).toBeGreaterThan(8);
  });
});
