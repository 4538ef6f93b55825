/**
 * Every `/api/0` response the store serves validates against the matching response schema of
 * Sentry's official OpenAPI spec: real clients parse these shapes unchanged. Each also parses with
 * the wire schema Dexter's own client reads it with (`@dexter/sentry-wire`).
 */
import {
  EventListItemSchema,
  EventSchema,
  IssueListItemSchema,
  IssueSchema,
  OrganizationSchema,
  ProjectKeySchema,
  ProjectSchema,
} from '@dexter/sentry-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
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

async function expectValid(
  path: string,
  method: string,
  specPath: string,
  wire: z.ZodType,
  init?: RequestInit,
) {
  const res = await server.api(path, init);
  expect(res.status, `${method} ${path}`).toBe(200);
  const body: unknown = await res.json();
  const validate = responseValidator(method, specPath);
  expect(validate(body), `${method} ${path}: ${describeErrors(validate.errors)}`).toBe(true);
  expect(wire.safeParse(body).error, `${method} ${path} read by the wire schema`).toBeUndefined();
  return body;
}

describe('store /api/0 responses match Sentry’s OpenAPI spec', () => {
  it('organization detail', async () => {
    await expectValid(`/api/0/organizations/${server.org}/`, 'GET', `${ORG}/`, OrganizationSchema);
  });

  it('organization list', async () => {
    await expectValid('/api/0/organizations/', 'GET', '/api/0/organizations/', OrganizationSchema.array());
  });

  it('organization projects', async () => {
    await expectValid(
      `/api/0/organizations/${server.org}/projects/`,
      'GET',
      `${ORG}/projects/`,
      ProjectSchema.array(),
    );
  });

  it('project keys (DSNs)', async () => {
    const keys = (await expectValid(
      `/api/0/projects/${server.org}/${server.projectId}/keys/`,
      'GET',
      '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/keys/',
      ProjectKeySchema.array(),
    )) as Array<{ dsn: { public: string } }>;
    expect(keys[0]!.dsn.public).toBe(server.dsn);
  });

  it('issue list', async () => {
    const issues = (await expectValid(
      `/api/0/organizations/${server.org}/issues/`,
      'GET',
      `${ORG}/issues/`,
      IssueListItemSchema.array(),
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
      IssueSchema,
    );
  });

  it('issue status update', async () => {
    const body = (await expectValid(
      `/api/0/organizations/${server.org}/issues/${issueId}/`,
      'PUT',
      `${ORG}/issues/{issue_id}/`,
      IssueSchema,
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
    const list = EventListItemSchema.array();
    await expectValid(`/api/0/organizations/${server.org}/issues/${issueId}/events/`, 'GET', path, list);
    await expectValid(
      `/api/0/organizations/${server.org}/issues/${issueId}/events/?full=true`,
      'GET',
      path,
      list,
    );
  });

  it('issue event by id, latest and oldest', async () => {
    const path = `${ORG}/issues/{issue_id}/events/{event_id}/`;
    for (const which of [eventId, 'latest', 'oldest']) {
      const event = (await expectValid(
        `/api/0/organizations/${server.org}/issues/${issueId}/events/${which}/`,
        'GET',
        path,
        EventSchema,
      )) as { eventID: string; entries: Array<{ type: string }> };
      expect(event.entries.map((e) => e.type)).toContain('exception');
    }
  });
});
