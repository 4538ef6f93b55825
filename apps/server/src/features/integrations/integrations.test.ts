/**
 * Integrations end to end over real HTTP: a standalone Dexter (built-in store fed by envelopes)
 * and local contract fakes of GitHub, Jira and Linear that check every request Dexter's official
 * clients send against the vendor's published spec (GitHub and Jira OpenAPI, Linear's GraphQL
 * SDL). Covers connecting (SSRF guard, sealed tokens, "test connection" naming what failed),
 * creating a ticket from an issue (top in-app frames, link back), linking by URL and key (many to
 * many), vendor 5xx (retried reads, clear errors), expired tokens, unknown keys, and per vendor a
 * webhook rejected with a wrong signature and accepted with the right one, resolving the issue.
 */
import type { Connection, ConnectionCreated, ConnectionTest, TicketLink } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import type { IntegrationsHandle } from './integrations-feature';
import { type FakeGithub, startFakeGithub } from './testing/fake-github';
import { type FakeGitlab, startFakeGitlab } from './testing/fake-gitlab';
import { type FakeJira, startFakeJira } from './testing/fake-jira';
import { type FakeLinear, startFakeLinear } from './testing/fake-linear';

const GH_TOKEN = 'ghp_fake_token_1234567890';
const REPO = 'acme/shop';
let dexter: TestDexter;
let github: FakeGithub;
let gitlab: FakeGitlab;
let jira: FakeJira;
let linear: FakeLinear;
let org: string;

type ErrorBody = { error: { code: string; message: string } };

async function issueFor(fingerprint: string): Promise<string> {
  const project = dexter.bootstrap!.projects[0]!;
  const event = testEvent({
    fingerprint: [fingerprint],
    value: `${fingerprint} failed`,
    functionName: `${fingerprint}Handler`,
  });
  expect(
    (await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event))).status,
  ).toBe(200);
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await dexter.request(
      `/api/v1/organizations/${org}/issues?query=${encodeURIComponent(fingerprint)}`,
    );
    const body = (await res.json()) as { issues?: Array<{ id: string; title: string }> };
    const found = body.issues?.find((issue) => issue.title.includes(fingerprint));
    if (found) return found.id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no issue for ${fingerprint}`);
}

const post = (path: string, body: unknown) =>
  dexter.request(`/api/v1/organizations/${org}${path}`, { method: 'POST', body: JSON.stringify(body) });

async function connect(body: Record<string, unknown>): Promise<ConnectionCreated> {
  const res = await post('/integrations/connections', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as ConnectionCreated;
}

const deliver = (connection: Connection, delivery: { headers: Record<string, string>; body: string }) =>
  dexter.anonymous(`/api/v1/webhooks/integrations/${connection.id}`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });

const issueStatus = async (issueId: string) =>
  (
    (await (await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}`)).json()) as {
      issue: { status: string };
    }
  ).issue.status;

/** Resolves the issue as the UI does, then waits until its tickets were told. */
async function resolveInDexter(issueId: string) {
  const res = await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}`, {
    method: 'PUT',
    body: JSON.stringify({ status: 'resolved' }),
  });
  expect(res.status).toBe(200);
  for (let i = 0; i < 20; i++)
    await (dexter.modules.get('integrations')!.handle as IntegrationsHandle).idle();
}

const ticketsOf = async (issueId: string) =>
  (
    (await (await dexter.request(`/api/v1/organizations/${org}/issues/${issueId}/tickets`)).json()) as {
      items: TicketLink[];
    }
  ).items;

beforeAll(async () => {
  github = await startFakeGithub({ token: GH_TOKEN, repository: REPO });
  gitlab = await startFakeGitlab({ token: 'glpat-fake', project: 'acme/platform/shop' });
  jira = await startFakeJira({ email: 'bot@example.com', token: 'jira-token-1', project: 'OPS' });
  linear = await startFakeLinear({ apiKey: 'lin_api_fake', teamId: 'team-eng', teamKey: 'ENG' });
  dexter = await startTestDexter({
    DEXTER_ALLOW_PRIVATE_URLS: [github, gitlab, jira, linear]
      .map((fake) => `127.0.0.1:${fake.port}`)
      .join(','),
    DEXTER_DEPLOY_CHECK_MS: '0',
  });
  org = dexter.bootstrap!.org;
}, 60_000);

afterAll(async () => {
  await dexter?.close();
  await Promise.all([github?.close(), gitlab?.close(), jira?.close(), linear?.close()]);
});

describe('GitHub', () => {
  let connection: ConnectionCreated;

  it('refuses a base URL the SSRF guard does not allow, naming the field', async () => {
    const res = await post('/integrations/connections', {
      vendor: 'github',
      name: 'Elsewhere',
      baseUrl: 'http://127.0.0.1:9/api/v3',
      token: GH_TOKEN,
      target: REPO,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('DEXTER_ERR_UNSAFE_URL');
    expect(body.error.message).toMatch(/^Invalid body\.baseUrl: 127\.0\.0\.1:9 resolves to 127\.0\.0\.1/);
  });

  it('connects with the token sealed, and tests the connection', async () => {
    connection = await connect({
      vendor: 'github',
      name: 'Shop repo',
      baseUrl: github.apiUrl,
      token: GH_TOKEN,
      target: REPO,
    });
    expect(connection.webhookSecret).toMatch(/^[0-9a-f]{48}$/);
    expect(connection.webhookUrl).toBe(`${dexter.url}/api/v1/webhooks/integrations/${connection.id}`);
    const listed = await (
      await dexter.request(`/api/v1/organizations/${org}/integrations/connections`)
    ).text();
    expect(listed).toContain('Shop repo');
    expect(listed).not.toContain(GH_TOKEN);
    expect(listed).not.toContain(connection.webhookSecret);
    const stored = await dexter.security.db.selectFrom('secrets').select(['name', 'ciphertext']).execute();
    expect(stored.map((row) => row.name)).toContain(`integration-${connection.id}-token`);
    expect(JSON.stringify(stored)).not.toContain(GH_TOKEN);

    const test = (await (
      await post(`/integrations/connections/${connection.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(test).toEqual({ ok: true, account: 'dexter-bot', problem: null });
  });

  it('says exactly what failed: missing scope, bad token', async () => {
    github.scopes = 'read:user';
    const scope = (await (
      await post(`/integrations/connections/${connection.id}/test`, {})
    ).json()) as ConnectionTest;
    github.scopes = 'repo';
    expect(scope.ok).toBe(false);
    expect(scope.problem?.kind).toBe('scope');
    expect(scope.problem?.message).toMatch(/scopes are "read:user".*needs "repo"/);

    const expired = await connect({
      vendor: 'github',
      name: 'Old',
      baseUrl: github.apiUrl,
      token: 'ghp_expired',
      target: REPO,
    });
    const auth = (await (
      await post(`/integrations/connections/${expired.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(auth.problem).toEqual({
      kind: 'auth',
      status: 401,
      message: expect.stringMatching(
        /GitHub rejected the token \(401: Bad credentials\); it is wrong, expired or revoked/,
      ),
    });
    // Creating through it is a clear error too, and nothing is linked.
    const issueId = await issueFor('gh-expired');
    const res = await post(`/issues/${issueId}/tickets`, { connectionId: expired.id });
    expect(res.status).toBe(502);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_AUTH',
      message: expect.stringContaining('GitHub rejected the token'),
    });
    expect(await ticketsOf(issueId)).toEqual([]);
  });

  it('creates a ticket from an issue, links others by URL and number, many to many; a webhook resolves', async () => {
    const issueId = await issueFor('checkout');
    const res = await post(`/issues/${issueId}/tickets`, {
      connectionId: connection.id,
      labels: ['bug', 'dexter'],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as TicketLink;
    expect(created).toMatchObject({ vendor: 'github', state: 'open', stateLabel: 'open' });
    expect(created.key).toMatch(/^acme\/shop#\d+$/);
    const sent = github.issues.get(Number(created.key.split('#')[1]))!;
    expect(sent.title).toMatch(/checkout/);
    expect(sent.labels).toEqual(['bug', 'dexter']);
    // The crashing in-app frame first, then its caller, and the link back to this Dexter.
    expect(sent.body).toMatch(
      /at checkoutHandler \(\/app\/src\/orders\.js:42\)\nat handle \(\/app\/src\/server\.js:10\)/,
    );
    expect(sent.body).toContain(`${dexter.url}/${org}/issues/${issueId}`);

    const existing = github.addIssue('Checkout is slow');
    const byUrl = await post(`/issues/${issueId}/ticket-links`, {
      connectionId: connection.id,
      ref: `https://github.com/${REPO}/issues/${existing.number}`,
    });
    expect(byUrl.status).toBe(201);
    const other = await issueFor('payment');
    const byNumber = await post(`/issues/${other}/ticket-links`, {
      connectionId: connection.id,
      ref: `#${existing.number}`,
    });
    expect(byNumber.status).toBe(201);
    expect((await ticketsOf(issueId)).map((link) => link.key)).toEqual([
      created.key,
      `${REPO}#${existing.number}`,
    ]);
    expect((await ticketsOf(other)).map((link) => link.key)).toEqual([`${REPO}#${existing.number}`]);

    // A wrong signature changes nothing.
    const delivery = await github.closeIssue(existing.number, connection.webhookSecret);
    const forged = await deliver(connection, {
      ...delivery,
      headers: { ...delivery.headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as ErrorBody).error).toEqual({
      code: 'DEXTER_ERR_WEBHOOK_SIGNATURE',
      message: 'X-Hub-Signature-256 does not match the body',
      requestId: expect.any(String),
    });
    expect(await issueStatus(other)).toBe('unresolved');

    const accepted = await deliver(connection, delivery);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({
      accepted: true,
      duplicate: false,
      updatedLinks: 2,
      resolvedIssues: [issueId, other].sort((a, b) => (a === issueId ? -1 : b === issueId ? 1 : 0)),
    });
    expect(await issueStatus(issueId)).toBe('resolved');
    expect(await issueStatus(other)).toBe('resolved');
    expect((await ticketsOf(other))[0]).toMatchObject({ state: 'closed', stateLabel: 'closed (completed)' });
    // The same delivery again is recognized and changes nothing.
    expect(await (await deliver(connection, delivery)).json()).toMatchObject({
      duplicate: true,
      resolvedIssues: [],
    });
    // No echo: issues resolved because their ticket closed are not commented back on any ticket.
    await (dexter.modules.get('integrations')!.handle as IntegrationsHandle).idle();
    expect(github.issues.get(Number(created.key.split('#')[1]))!.comments).toEqual([]);
    expect(existing.comments).toEqual([]);
    expect(github.violations).toEqual([]);
    expect(new Set(github.calls.map((call) => call.operationId))).toEqual(
      new Set(['users/get-authenticated', 'repos/get', 'issues/create', 'issues/get']),
    );
  });

  it('comments on the open tickets of an issue resolved in Dexter, once', async () => {
    const issueId = await issueFor('gh-two-way');
    const res = await post(`/issues/${issueId}/tickets`, { connectionId: connection.id });
    const ticket = github.issues.get(Number(((await res.json()) as TicketLink).key.split('#')[1]))!;
    await resolveInDexter(issueId);
    expect(ticket.comments).toEqual([`Resolved in Dexter: ${dexter.url}/${org}/issues/${issueId}`]);
    expect(github.calls.filter((call) => call.operationId === 'issues/create-comment')).toHaveLength(1);
    expect(github.violations).toEqual([]);
  });

  it('retries a read when GitHub fails, says so clearly when it keeps failing or rate-limits; unknown keys are 404', async () => {
    const issueId = await issueFor('gh-flaky');
    const ticket = github.addIssue('Flaky');
    github.failNext(503, 1);
    expect(
      (
        await post(`/issues/${issueId}/ticket-links`, {
          connectionId: connection.id,
          ref: `#${ticket.number}`,
        })
      ).status,
    ).toBe(201);

    github.failNext(503, 3);
    const down = await post(`/issues/${issueId}/ticket-links`, {
      connectionId: connection.id,
      ref: `#${ticket.number}`,
    });
    expect(down.status).toBe(502);
    expect(((await down.json()) as ErrorBody).error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_SERVER',
      message: expect.stringContaining('GitHub failed (503'),
    });

    // A primary rate limit (403 with x-ratelimit-remaining 0) is said as one, with when it resets.
    const reset = Math.floor(Date.now() / 1000) + 600;
    github.failNext(403, 1, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    const limited = await post(`/issues/${issueId}/ticket-links`, {
      connectionId: connection.id,
      ref: `#${ticket.number}`,
    });
    expect(limited.status).toBe(503);
    expect(((await limited.json()) as ErrorBody).error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_RATE_LIMITED',
      message: expect.stringMatching(
        /GitHub is rate-limiting this token \(403: API rate limit exceeded \(fake\)\); the limit resets at \d\d:\d\d:\d\d UTC \(in (599|600) s\)/,
      ),
    });

    const unknown = await post(`/issues/${issueId}/ticket-links`, {
      connectionId: connection.id,
      ref: '#9999',
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('DEXTER_ERR_UPSTREAM_NOT_FOUND');

    const junk = await post(`/issues/${issueId}/ticket-links`, {
      connectionId: connection.id,
      ref: 'not a ticket',
    });
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as ErrorBody).error.message).toMatch(
      /^Invalid body\.ref: "not a ticket" is not a GitHub ticket/,
    );
  });

  it('keeps connections to admins and webhooks to signed deliveries', async () => {
    const triager = await dexter.clientAs('triager');
    const res = await triager.request(`/api/v1/organizations/${org}/integrations/connections`, {
      method: 'POST',
      body: JSON.stringify({ vendor: 'github', name: 'x', token: 'y', target: REPO }),
    });
    expect(res.status).toBe(403);
    const unsigned = await deliver(connection, {
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
    const nowhere = await dexter.anonymous('/api/v1/webhooks/integrations/424242', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(nowhere.status).toBe(404);
  });
});

describe('Jira', () => {
  it('connects, creates with an ADF body and a remote link, links by URL, resolves on a signed webhook', async () => {
    const connection = await connect({
      vendor: 'jira',
      name: 'Ops',
      baseUrl: jira.url,
      email: 'bot@example.com',
      token: 'jira-token-1',
      target: 'OPS',
    });
    const test = (await (
      await post(`/integrations/connections/${connection.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(test).toEqual({ ok: true, account: 'bot@example.com', problem: null });

    const wrongProject = await connect({
      vendor: 'jira',
      name: 'Nope',
      baseUrl: jira.url,
      email: 'bot@example.com',
      token: 'jira-token-1',
      target: 'NOPE',
    });
    const missing = (await (
      await post(`/integrations/connections/${wrongProject.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(missing.problem).toMatchObject({
      kind: 'not-found',
      status: 404,
      message: expect.stringContaining('Jira project NOPE'),
    });

    const issueId = await issueFor('jira-sync');
    const res = await post(`/issues/${issueId}/tickets`, {
      connectionId: connection.id,
      labels: ['from dexter'],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as TicketLink;
    expect(created).toMatchObject({
      key: 'OPS-1',
      state: 'open',
      stateLabel: 'To Do',
      url: `${jira.url}/browse/OPS-1`,
    });
    const sent = jira.issues.get('OPS-1')!;
    expect(sent.labels).toEqual(['from-dexter']);
    expect(JSON.stringify(sent.description)).toContain('at jira-syncHandler (/app/src/orders.js:42)');
    expect(sent.remoteLinks).toEqual([
      expect.objectContaining({
        globalId: `${dexter.url}/${org}/issues/${issueId}`,
        url: `${dexter.url}/${org}/issues/${issueId}`,
      }),
    ]);

    const other = await issueFor('jira-other');
    expect(
      (
        await post(`/issues/${other}/ticket-links`, {
          connectionId: connection.id,
          ref: `${jira.url}/browse/OPS-1`,
        })
      ).status,
    ).toBe(201);
    expect(
      (await post(`/issues/${other}/ticket-links`, { connectionId: connection.id, ref: 'OPS-404' })).status,
    ).toBe(404);

    const delivery = jira.resolveIssue('OPS-1', connection.webhookSecret);
    const forged = await deliver(connection, {
      ...delivery,
      headers: { ...delivery.headers, 'x-hub-signature': 'sha256=00' },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as ErrorBody).error.message).toBe(
      'X-Hub-Signature does not match the body',
    );
    const accepted = await deliver(connection, delivery);
    expect(await accepted.json()).toMatchObject({ duplicate: false, updatedLinks: 2 });
    expect(await issueStatus(issueId)).toBe('resolved');
    expect(await issueStatus(other)).toBe('resolved');
    expect((await ticketsOf(issueId))[0]).toMatchObject({ state: 'closed', stateLabel: 'Done' });
    const third = await issueFor('jira-two-way');
    const thirdTicket = (await (
      await post(`/issues/${third}/tickets`, { connectionId: connection.id })
    ).json()) as TicketLink;
    await resolveInDexter(third);
    expect(jira.issues.get(thirdTicket.key)!.comments).toHaveLength(1);
    expect(JSON.stringify(jira.issues.get(thirdTicket.key)!.comments[0])).toContain(
      `${dexter.url}/${org}/issues/${third}`,
    );
    expect(jira.issues.get('OPS-1')!.comments).toEqual([]);
    expect(jira.violations).toEqual([]);
    expect(new Set(jira.calls.map((call) => call.operationId))).toEqual(
      new Set([
        'getCurrentUser',
        'getProject',
        'createIssue',
        'createOrUpdateRemoteIssueLink',
        'getIssue',
        'addComment',
      ]),
    );
  });
});

describe('Linear', () => {
  it('validates every document against the SDL; a bad key, a stale or forged webhook are refused', async () => {
    const connection = await connect({
      vendor: 'linear',
      name: 'Eng',
      baseUrl: linear.apiUrl,
      token: 'lin_api_fake',
      target: 'team-eng',
    });
    const test = (await (
      await post(`/integrations/connections/${connection.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(test).toEqual({ ok: true, account: 'bot@example.com', problem: null });
    const badKey = await connect({
      vendor: 'linear',
      name: 'Bad',
      baseUrl: linear.apiUrl,
      token: 'lin_api_wrong',
      target: 'team-eng',
    });
    const auth = (await (
      await post(`/integrations/connections/${badKey.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(auth.problem).toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('Linear rejected the token'),
    });

    const issueId = await issueFor('linear-sync');
    linear.failNext(502, 1);
    const down = await post(`/issues/${issueId}/tickets`, { connectionId: connection.id });
    expect(down.status).toBe(502);
    expect(((await down.json()) as ErrorBody).error.message).toContain('Linear failed (502');
    expect(await ticketsOf(issueId)).toEqual([]);

    const res = await post(`/issues/${issueId}/tickets`, { connectionId: connection.id });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as TicketLink;
    expect(created).toMatchObject({ key: 'ENG-1', state: 'open', stateLabel: 'Todo' });
    expect(linear.issues.get('ENG-1')!.description).toContain(
      'at linear-syncHandler (/app/src/orders.js:42)',
    );
    expect(linear.issues.get('ENG-1')!.attachments).toEqual([
      expect.objectContaining({ url: `${dexter.url}/${org}/issues/${issueId}` }),
    ]);
    const other = await issueFor('linear-other');
    expect(
      (await post(`/issues/${other}/ticket-links`, { connectionId: connection.id, ref: 'eng-1' })).status,
    ).toBe(201);
    expect(
      (await post(`/issues/${other}/ticket-links`, { connectionId: connection.id, ref: 'ENG-77' })).status,
    ).toBe(404);

    const stale = linear.completeIssue('ENG-1', connection.webhookSecret, Date.now() - 5 * 60_000);
    const staleRes = await deliver(connection, stale);
    expect(staleRes.status).toBe(401);
    expect(((await staleRes.json()) as ErrorBody).error.message).toMatch(/more than 60 s from now/);
    const delivery = linear.completeIssue('ENG-1', connection.webhookSecret);
    const forged = await deliver(connection, {
      ...delivery,
      headers: { ...delivery.headers, 'linear-signature': 'ab'.repeat(32) },
    });
    expect(forged.status).toBe(401);
    expect(await (await deliver(connection, delivery)).json()).toMatchObject({
      duplicate: false,
      updatedLinks: 2,
    });
    expect(await issueStatus(issueId)).toBe('resolved');
    expect(await issueStatus(other)).toBe('resolved');
    expect(linear.issues.get('ENG-1')!.comments).toEqual([]);

    // Resolved in Dexter: a comment on the open ticket, through a document the SDL accepts.
    const third = await issueFor('linear-two-way');
    expect((await post(`/issues/${third}/tickets`, { connectionId: connection.id })).status).toBe(201);
    await resolveInDexter(third);
    expect(linear.issues.get('ENG-2')!.comments).toEqual([
      `Resolved in Dexter: ${dexter.url}/${org}/issues/${third}`,
    ]);
    expect(linear.violations).toEqual([]);
    expect(new Set(linear.calls.map((call) => call.operation))).toEqual(
      new Set([
        'viewer',
        'DexterTeam',
        'createIssue',
        'issue',
        'workflowState',
        'attachmentLinkURL',
        'createComment',
      ]),
    );
  });
});

describe('GitLab', () => {
  it('connects, creates and links in a nested group, resolves on a webhook with the right X-Gitlab-Token', async () => {
    const connection = await connect({
      vendor: 'gitlab',
      name: 'Platform',
      baseUrl: gitlab.url,
      token: 'glpat-fake',
      target: 'acme/platform/shop',
    });
    const test = (await (
      await post(`/integrations/connections/${connection.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(test).toEqual({ ok: true, account: 'dexter-bot', problem: null });
    const expired = await connect({
      vendor: 'gitlab',
      name: 'Old',
      baseUrl: gitlab.url,
      token: 'glpat-old',
      target: 'acme/platform/shop',
    });
    const auth = (await (
      await post(`/integrations/connections/${expired.id}/test`, {})
    ).json()) as ConnectionTest;
    expect(auth.problem).toMatchObject({
      kind: 'auth',
      status: 401,
      message: expect.stringContaining('GitLab rejected the token'),
    });

    const issueId = await issueFor('gitlab-sync');
    const res = await post(`/issues/${issueId}/tickets`, {
      connectionId: connection.id,
      labels: ['bug', 'dexter'],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({
      key: 'acme/platform/shop#1',
      state: 'open',
      stateLabel: 'opened',
    });
    expect(gitlab.issues.get(1)).toMatchObject({ labels: ['bug', 'dexter'] });
    expect(gitlab.issues.get(1)!.description).toContain('at gitlab-syncHandler (/app/src/orders.js:42)');
    const existing = gitlab.addIssue('Older report');
    const other = await issueFor('gitlab-other');
    const byUrl = await post(`/issues/${other}/ticket-links`, {
      connectionId: connection.id,
      ref: `${gitlab.url}/acme/platform/shop/-/issues/1`,
    });
    expect(byUrl.status).toBe(201);
    expect(
      (await post(`/issues/${other}/ticket-links`, { connectionId: connection.id, ref: `#${existing.iid}` }))
        .status,
    ).toBe(201);

    const delivery = gitlab.closeIssue(1, connection.webhookSecret);
    const forged = await deliver(connection, {
      ...delivery,
      headers: { ...delivery.headers, 'x-gitlab-token': 'guess' },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as ErrorBody).error.code).toBe('DEXTER_ERR_WEBHOOK_SIGNATURE');
    expect(await (await deliver(connection, delivery)).json()).toMatchObject({
      duplicate: false,
      updatedLinks: 2,
    });
    expect(await issueStatus(issueId)).toBe('resolved');
    expect(await issueStatus(other)).toBe('resolved');
    expect((await ticketsOf(other)).map((link) => [link.key, link.state])).toEqual([
      ['acme/platform/shop#1', 'closed'],
      [`acme/platform/shop#${existing.iid}`, 'open'],
    ]);
    // A fresh issue on the still-open ticket, resolved in Dexter: a note on that ticket only.
    const third = await issueFor('gitlab-two-way');
    expect(
      (await post(`/issues/${third}/ticket-links`, { connectionId: connection.id, ref: `#${existing.iid}` }))
        .status,
    ).toBe(201);
    await resolveInDexter(third);
    expect(gitlab.issues.get(existing.iid)!.notes).toEqual([
      `Resolved in Dexter: ${dexter.url}/${org}/issues/${third}`,
    ]);
    expect(gitlab.issues.get(1)!.notes).toEqual([]);
    expect(gitlab.violations).toEqual([]);
    expect(gitlab.calls.some((call) => call.path === '/api/v4/projects/acme%2Fplatform%2Fshop/issues')).toBe(
      true,
    );
  });
});
