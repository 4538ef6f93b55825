/**
 * Every `/api/0` response the store serves validates against the matching response schema of
 * Sentry's official OpenAPI spec: real clients parse these shapes unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../testing/envelopes';
import { describeErrors, responseValidator } from '../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../testing/store-harness';

const ORG = '/api/0/organizations/{organization_id_or_slug}';
let server: StoreServer;
let issueId: string;
let eventId: string;

beforeAll(async () => {
  server = await startStoreServer();
  for (const userId of ['u1', 'u2']) {
    const event = testEvent({ userId });
    eventId = event.event_id;
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
    expect(res.status).toBe(200);
  }
  const list = (await (await server.api(`/api/0/organizations/${server.org}/issues/`)).json()) as Array<{
    id: string;
  }>;
  issueId = list[0]!.id;
});
afterAll(() => server.close());

async function expectValid(path: string, method: string, specPath: string, init?: RequestInit) {
  const res = await server.api(path, init);
  expect(res.status, `${method} ${path}`).toBe(200);
  const body: unknown = await res.json();
  const validate = responseValidator(method, specPath);
  expect(validate(body), `${method} ${path}: ${describeErrors(validate.errors)}`).toBe(true);
  return body;
}

describe('store /api/0 responses match Sentry’s OpenAPI spec', () => {
  it('organization detail', async () => {
    await expectValid(`/api/0/organizations/${server.org}/`, 'GET', `${ORG}/`);
  });

  it('organization list', async () => {
    await expectValid('/api/0/organizations/', 'GET', '/api/0/organizations/');
  });

  it('organization projects', async () => {
    await expectValid(`/api/0/organizations/${server.org}/projects/`, 'GET', `${ORG}/projects/`);
  });

  it('project keys (DSNs)', async () => {
    const keys = (await expectValid(
      `/api/0/projects/${server.org}/${server.projectId}/keys/`,
      'GET',
      '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/keys/',
    )) as Array<{ dsn: { public: string } }>;
    expect(keys[0]!.dsn.public).toBe(server.dsn);
  });

  it('issue list', async () => {
    const issues = (await expectValid(
      `/api/0/organizations/${server.org}/issues/`,
      'GET',
      `${ORG}/issues/`,
    )) as Array<{
      count: string;
      userCount: number;
    }>;
    expect(issues[0]).toMatchObject({ count: '2', userCount: 2 });
  });

  it('issue detail', async () => {
    await expectValid(
      `/api/0/organizations/${server.org}/issues/${issueId}/`,
      'GET',
      `${ORG}/issues/{issue_id}/`,
    );
  });

  it('issue status update', async () => {
    const body = (await expectValid(
      `/api/0/organizations/${server.org}/issues/${issueId}/`,
      'PUT',
      `${ORG}/issues/{issue_id}/`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'resolved' }),
      },
    )) as { status: string };
    expect(body.status).toBe('resolved');
  });

  it('issue events, plain and full', async () => {
    const path = `${ORG}/issues/{issue_id}/events/`;
    await expectValid(`/api/0/organizations/${server.org}/issues/${issueId}/events/`, 'GET', path);
    await expectValid(`/api/0/organizations/${server.org}/issues/${issueId}/events/?full=true`, 'GET', path);
  });

  it('issue event by id, latest and oldest', async () => {
    const path = `${ORG}/issues/{issue_id}/events/{event_id}/`;
    for (const which of [eventId, 'latest', 'oldest']) {
      const event = (await expectValid(
        `/api/0/organizations/${server.org}/issues/${issueId}/events/${which}/`,
        'GET',
        path,
      )) as { eventID: string; entries: Array<{ type: string }> };
      expect(event.entries.map((e) => e.type)).toContain('exception');
    }
  });
});
