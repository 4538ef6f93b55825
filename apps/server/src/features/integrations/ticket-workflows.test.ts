/**
 * Tickets beyond one issue at a time, over real HTTP against the GitHub and Jira contract fakes
 * (every request checked against the vendor's OpenAPI): per-project defaults (target, labels,
 * assignee) checked per vendor and applied on create; ticket jobs for a selection (one ticket
 * each, or one for all) with a result per issue and a retry that never creates twice; the links
 * of a page of issues in one request; the webhook secret shown again (audited) and rotated.
 */
import type { ConnectionCreated, ProjectDefaults, TicketJob, TicketLink } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import type { IntegrationsHandle } from './integrations-feature';
import { type FakeGithub, startFakeGithub } from './testing/fake-github';
import { type FakeJira, startFakeJira } from './testing/fake-jira';

const GH_TOKEN = 'ghp_fake_token_defaults';
const REPO = 'acme/shop';
const OTHER_REPO = 'acme/backend';
let dexter: TestDexter;
let github: FakeGithub;
let jira: FakeJira;
let org: string;
let project: string;
let connection: ConnectionCreated;

type ErrorBody = { error: { code: string; message: string } };

const api = (path: string, init?: RequestInit) => dexter.request(`/api/v1/organizations/${org}${path}`, init);
const send = (method: string, path: string, body: unknown) =>
  api(path, { method, body: JSON.stringify(body) });

async function issueFor(fingerprint: string): Promise<string> {
  const first = dexter.bootstrap!.projects[0]!;
  const event = testEvent({ fingerprint: [fingerprint], value: `${fingerprint} failed` });
  expect(
    (await postEnvelope(dexter.url, first.id, new URL(first.dsn).username, envelopeOf(event))).status,
  ).toBe(200);
  for (let attempt = 0; attempt < 50; attempt++) {
    const body = (await (await api(`/issues?query=${encodeURIComponent(fingerprint)}`)).json()) as {
      issues?: Array<{ id: string; title: string }>;
    };
    const found = body.issues?.find((issue) => issue.title.includes(fingerprint));
    if (found) return found.id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no issue for ${fingerprint}`);
}

async function connect(body: Record<string, unknown>): Promise<ConnectionCreated> {
  const res = await send('POST', '/integrations/connections', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as ConnectionCreated;
}

const jobs = () => (dexter.modules.get('integrations')!.handle as IntegrationsHandle).jobs;

async function finishedJob(started: Response): Promise<TicketJob> {
  expect(started.status, await started.clone().text()).toBe(202);
  const job = (await started.json()) as TicketJob;
  await jobs().idle();
  return (await (await api(`/integrations/ticket-jobs/${job.id}`)).json()) as TicketJob;
}

beforeAll(async () => {
  github = await startFakeGithub({ token: GH_TOKEN, repository: REPO, otherRepositories: [OTHER_REPO] });
  jira = await startFakeJira({ email: 'bot@example.com', token: 'jira-token-2', project: 'OPS' });
  dexter = await startTestDexter({
    DEXTER_ALLOW_PRIVATE_URLS: [github, jira].map((fake) => `127.0.0.1:${fake.port}`).join(','),
    DEXTER_DEPLOY_CHECK_MS: '0',
  });
  org = dexter.bootstrap!.org;
  project = dexter.bootstrap!.projects[0]!.slug;
  connection = await connect({
    vendor: 'github',
    name: 'Shop',
    baseUrl: github.apiUrl,
    token: GH_TOKEN,
    target: REPO,
  });
}, 60_000);

afterAll(async () => {
  await dexter?.close();
  await Promise.all([github?.close(), jira?.close()]);
});

describe('per-project defaults', () => {
  it('refuses a target or assignee the vendor would not take, naming the field', async () => {
    const path = `/integrations/connections/${connection.id}/defaults/${project}`;
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { target: 'not a repo' },
        'Invalid body.target: "not a repo" is not a GitHub repository as owner/repo',
      ],
      [{ assignee: '-bad-' }, 'Invalid body.assignee: "-bad-" is not a GitHub login such as octocat'],
    ];
    for (const [body, message] of cases) {
      const res = await send('PUT', path, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({
        code: 'DEXTER_ERR_VALIDATION',
        message,
      });
    }
    const labels = await send('PUT', path, { labels: ['x'.repeat(51)] });
    expect(labels.status).toBe(400);
    expect(((await labels.json()) as ErrorBody).error.message).toMatch(/labels/);
    const badProject = await send('PUT', `/integrations/connections/${connection.id}/defaults/a%20b`, {});
    expect(badProject.status).toBe(400);
    expect(((await badProject.json()) as ErrorBody).error.message).toMatch(/project/);
    expect((await send('PUT', `/integrations/connections/999/defaults/${project}`, {})).status).toBe(404);
  });

  it('sends new tickets of the project to its repository, with its labels and assignee', async () => {
    const res = await send('PUT', `/integrations/connections/${connection.id}/defaults/${project}`, {
      target: OTHER_REPO,
      labels: ['triage', 'backend'],
      assignee: 'octocat',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ project, target: OTHER_REPO, assignee: 'octocat' });
    const listed = (await (await api(`/integrations/connections/${connection.id}/defaults`)).json()) as {
      items: ProjectDefaults[];
    };
    expect(listed.items.map((item) => item.labels)).toEqual([['triage', 'backend']]);

    const issueId = await issueFor('defaults-apply');
    const created = await send('POST', `/issues/${issueId}/tickets`, {
      connectionId: connection.id,
      labels: ['bug', 'triage'],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const link = (await created.json()) as TicketLink;
    expect(link.key).toMatch(/^acme\/backend#\d+$/);
    const sent = github.issues.get(Number(link.key.split('#')[1]))!;
    expect(sent).toMatchObject({ repository: OTHER_REPO, assignees: ['octocat'] });
    expect(sent.labels).toEqual(['triage', 'backend', 'bug']);
    expect(github.violations).toEqual([]);

    // Without defaults, the connection's repository and nobody assigned again.
    expect(
      (await api(`/integrations/connections/${connection.id}/defaults/${project}`, { method: 'DELETE' }))
        .status,
    ).toBe(204);
    const plain = (await (
      await send('POST', `/issues/${issueId}/tickets`, { connectionId: connection.id })
    ).json()) as TicketLink;
    expect(plain.key).toMatch(/^acme\/shop#\d+$/);
    expect(github.issues.get(Number(plain.key.split('#')[1]))!.assignees).toEqual([]);
  });

  it('assigns Jira tickets by account id, in a spec-valid request', async () => {
    const jiraConnection = await connect({
      vendor: 'jira',
      name: 'Ops',
      baseUrl: jira.url,
      email: 'bot@example.com',
      token: 'jira-token-2',
      target: 'OPS',
    });
    const path = `/integrations/connections/${jiraConnection.id}/defaults/${project}`;
    const wrongTarget = await send('PUT', path, { target: 'ops' });
    expect(((await wrongTarget.json()) as ErrorBody).error.message).toBe(
      'Invalid body.target: "ops" is not a Jira project key such as OPS',
    );
    expect(
      (await send('PUT', path, { assignee: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' })).status,
    ).toBe(200);
    const issueId = await issueFor('jira-assignee');
    expect(
      (await send('POST', `/issues/${issueId}/tickets`, { connectionId: jiraConnection.id })).status,
    ).toBe(201);
    const create = jira.calls.find((call) => call.operationId === 'createIssue')!;
    expect((create.body as { fields: { assignee: unknown } }).fields.assignee).toEqual({
      accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
    });
    expect(jira.violations).toEqual([]);
  });
});

describe('ticket jobs and the stream column', () => {
  it('creates one ticket per selected issue, failing only the issue that is not there', async () => {
    const first = await issueFor('job-each-a');
    const second = await issueFor('job-each-b');
    const job = await finishedJob(
      await send('POST', '/integrations/ticket-jobs', {
        connectionId: connection.id,
        issueIds: [first, '999999999', second],
        mode: 'each',
        labels: ['bulk'],
      }),
    );
    expect(job).toMatchObject({ status: 'done', counts: { total: 3, linked: 2, failed: 1, pending: 0 } });
    expect(job.items.map((item) => item.status)).toEqual(['linked', 'failed', 'linked']);
    expect(job.items[1]!.error).toMatch(/not found|No issue|404/i);
    const keys = job.items.filter((item) => item.ticketKey).map((item) => item.ticketKey);
    expect(new Set(keys).size).toBe(2);

    // The links of a page of issues in one request; an issue without tickets has none.
    const res = await api(`/integrations/ticket-links?issue=${first}&issue=${second}&issue=123`);
    expect(res.status).toBe(200);
    const links = ((await res.json()) as { items: TicketLink[] }).items;
    expect(links.map((link) => [link.issueId, link.key, link.state])).toEqual([
      [first, keys[0], 'open'],
      [second, keys[1], 'open'],
    ]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `issue=${i + 1}`).join('&');
    expect((await api(`/integrations/ticket-links?${tooMany}`)).status).toBe(400);
    const notIds = await api('/integrations/ticket-links?issue=abc');
    expect(((await notIds.json()) as ErrorBody).error.message).toMatch(/issue/);
  });

  it('links one ticket to every issue, fails them all with the vendor words, and a retry creates it once', async () => {
    const first = await issueFor('job-one-a');
    const second = await issueFor('job-one-b');
    const before = github.issues.size;
    github.failNext(502);
    const failed = await finishedJob(
      await send('POST', '/integrations/ticket-jobs', {
        connectionId: connection.id,
        issueIds: [first, second],
        mode: 'one',
      }),
    );
    expect(failed).toMatchObject({ status: 'done', ticketKey: null, counts: { failed: 2, linked: 0 } });
    expect(failed.items[0]!.error).toMatch(/GitHub failed \(502/);
    expect(github.issues.size).toBe(before);

    const retried = await api(`/integrations/ticket-jobs/${failed.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    await jobs().idle();
    const done = (await (await api(`/integrations/ticket-jobs/${failed.id}`)).json()) as TicketJob;
    expect(done).toMatchObject({ status: 'done', counts: { linked: 2, failed: 0 } });
    expect(github.issues.size).toBe(before + 1);
    const ticket = github.issues.get(Number(done.ticketKey!.split('#')[1]))!;
    expect(ticket.title).toMatch(/and 1 more/);
    expect(ticket.body).toContain(`${dexter.url}/${org}/issues/${second}`);
    expect(done.items.map((item) => item.ticketKey)).toEqual([done.ticketKey, done.ticketKey]);

    const bad = await send('POST', '/integrations/ticket-jobs', {
      connectionId: connection.id,
      issueIds: [],
      mode: 'all',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/issueIds|mode/);
    expect(github.violations).toEqual([]);
  });
});

describe('webhook secret', () => {
  it('shows the secret again to an admin, audited, and a rotation refuses the old one', async () => {
    const shown = await api(`/integrations/connections/${connection.id}/webhook-secret`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(await shown.json()).toEqual({
      webhookSecret: connection.webhookSecret,
      webhookUrl: connection.webhookUrl,
    });
    const audit = (await (
      await dexter.request('/api/v1/audit?action=integrations.webhookSecret.show')
    ).json()) as { entries: Array<{ targets: Record<string, string>; result: string }> };
    expect(audit.entries[0]).toMatchObject({ targets: { connectionId: connection.id }, result: 'success' });

    const rotated = (await (
      await api(`/integrations/connections/${connection.id}/webhook-secret/rotate`, { method: 'POST' })
    ).json()) as { webhookSecret: string };
    expect(rotated.webhookSecret).toMatch(/^[0-9a-f]{48}$/);
    expect(rotated.webhookSecret).not.toBe(connection.webhookSecret);

    const issue = github.addIssue('Rotated');
    const deliver = (delivery: { headers: Record<string, string>; body: string }) =>
      dexter.anonymous(`/api/v1/webhooks/integrations/${connection.id}`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
    expect((await deliver(await github.closeIssue(issue.number, connection.webhookSecret))).status).toBe(401);
    expect((await deliver(await github.closeIssue(issue.number, rotated.webhookSecret))).status).toBe(200);
  });
});
