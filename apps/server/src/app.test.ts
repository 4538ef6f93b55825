/**
 * Dexter's own `/api/v1` over its built-in store, end to end through the Sentry client: the same
 * code path as against sentry.io.
 */
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestDexter, type TestDexter } from './testing/test-dexter';

let dexter: TestDexter;
let projectId: string;
let publicKey: string;

beforeAll(async () => {
  dexter = await startTestDexter();
  const project = dexter.bootstrap!.projects[0]!;
  projectId = project.id;
  publicKey = new URL(project.dsn).username;
  const sends = [
    testEvent({ type: 'TimeoutError', value: 'db timed out', userId: 'u1' }),
    testEvent({ type: 'TimeoutError', value: 'db timed out', userId: 'u2' }),
    testEvent({ type: 'AuthError', value: 'token expired', functionName: 'checkToken' }),
  ].map((event) => postEnvelope(dexter.url, projectId, publicKey, envelopeOf(event)));
  for (const res of await Promise.all(sends)) expect(res.status).toBe(200);
});
afterAll(() => dexter.close());

const json = async <T>(res: Response) => (await res.json()) as T;

describe('/api/v1 over the built-in store', () => {
  it('serves meta with the bootstrap organization', async () => {
    expect(await json(await dexter.request('/api/v1/meta'))).toMatchObject({
      mode: 'standalone',
      defaultOrg: 'dexter',
    });
  });

  it('lists organizations and projects', async () => {
    expect(await json(await dexter.request('/api/v1/organizations'))).toEqual({
      organizations: [{ id: '1', slug: 'dexter', name: 'Dexter' }],
    });
    const { projects } = await json<{ projects: Array<{ slug: string }> }>(
      await dexter.request('/api/v1/organizations/dexter/projects'),
    );
    expect(projects.map((p) => p.slug)).toEqual(['demo']);
  });

  it('lists issues with numeric counts, filtered by search', async () => {
    const all = await json<{
      issues: Array<{ title: string; count: number; userCount: number }>;
      hits: number;
    }>(await dexter.request('/api/v1/organizations/dexter/issues?sort=freq'));
    expect(all.hits).toBe(2);
    expect(all.issues[0]).toMatchObject({ title: 'TimeoutError: db timed out', count: 2, userCount: 2 });
    const auth = await json<{ issues: Array<{ title: string }> }>(
      await dexter.request(
        `/api/v1/organizations/dexter/issues?query=${encodeURIComponent('is:unresolved token')}`,
      ),
    );
    expect(auth.issues.map((i) => i.title)).toEqual(['AuthError: token expired']);
  });

  it('shows an issue with its latest event and stack trace, then resolves it', async () => {
    const { issues } = await json<{ issues: Array<{ id: string }> }>(
      await dexter.request('/api/v1/organizations/dexter/issues?sort=freq'),
    );
    const id = issues[0]!.id;
    const detail = await json<{
      issue: { status: string };
      latestEvent: {
        exceptions: Array<{ type: string; frames: Array<{ function: string; inApp: boolean }> }>;
      };
    }>(await dexter.request(`/api/v1/organizations/dexter/issues/${id}`));
    expect(detail.issue.status).toBe('unresolved');
    expect(detail.latestEvent.exceptions[0]!.type).toBe('TimeoutError');
    expect(detail.latestEvent.exceptions[0]!.frames.map((f) => f.function)).toEqual(['handle', 'loadOrders']);

    const updated = await dexter.request(`/api/v1/organizations/dexter/issues/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(updated.status).toBe(200);
    expect(await json(updated)).toMatchObject({ id, status: 'resolved' });
    const resolved = await json<{ issues: Array<{ id: string }> }>(
      await dexter.request(`/api/v1/organizations/dexter/issues?query=${encodeURIComponent('is:resolved')}`),
    );
    expect(resolved.issues.map((i) => i.id)).toEqual([id]);
  });

  it('answers bad input with a coded error that names the field', async () => {
    const badStatus = await dexter.request('/api/v1/organizations/dexter/issues/1', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'fixed' }),
    });
    expect(badStatus.status).toBe(400);
    const body = await json<{ error: { code: string; message: string; requestId: string } }>(badStatus);
    expect(body.error.code).toBe('DEXTER_ERR_VALIDATION');
    expect(body.error.message).toMatch(/body\.status/);
    expect(body.error.requestId).toBeTruthy();

    const badLimit = await dexter.request('/api/v1/organizations/dexter/issues?limit=5000');
    expect(badLimit.status).toBe(400);
    expect((await json<{ error: { message: string } }>(badLimit)).error.message).toMatch(/limit/);

    const badQuery = await dexter.request(
      `/api/v1/organizations/dexter/issues?query=${encodeURIComponent('is:sleepy')}`,
    );
    // Dexter parses the search itself now: the refusal says where, before Sentry is asked.
    expect(badQuery.status).toBe(400);
    expect((await json<{ error: { code: string; details: unknown } }>(badQuery)).error).toMatchObject({
      code: 'DEXTER_ERR_VALIDATION',
      details: { position: 3 },
    });
  });

  it('answers unknown issues and routes with 404 envelopes', async () => {
    const missing = await dexter.request('/api/v1/organizations/dexter/issues/987654');
    expect(missing.status).toBe(404);
    expect((await json<{ error: { code: string } }>(missing)).error.code).toBe(
      'DEXTER_ERR_UPSTREAM_NOT_FOUND',
    );
    const nowhere = await dexter.request('/api/v1/nowhere');
    expect(nowhere.status).toBe(404);
    expect((await json<{ error: { code: string } }>(nowhere)).error.code).toBe('DEXTER_ERR_NOT_FOUND');
  });

  it('names the request id on every answer, errors included, and it matches the error envelope', async () => {
    const ok = await dexter.request('/api/v1/organizations/dexter/issues');
    expect(ok.headers.get('x-request-id')).toBeTruthy();
    for (const path of ['/api/v1/nowhere', '/api/v1/organizations/dexter/issues?limit=5000']) {
      const failed = await dexter.request(path);
      const { error } = await json<{ error: { requestId: string } }>(failed);
      expect(failed.headers.get('x-request-id')).toBe(error.requestId);
    }
    const chosen = await dexter.request('/api/v1/nowhere', { headers: { 'x-request-id': 'trace-42' } });
    expect(chosen.headers.get('x-request-id')).toBe('trace-42');
  });

  it('reports liveness and readiness', async () => {
    expect((await dexter.request('/healthz')).status).toBe(200);
    const ready = await dexter.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await json(ready)).toEqual({ status: 'ready', upstream: 'ok' });
  });

  it('publishes an OpenAPI document that names each operation', async () => {
    const doc = await json<{ paths: Record<string, Record<string, { operationId?: string }>> }>(
      await dexter.request('/api/docs/openapi.json'),
    );
    expect(doc.paths['/api/v1/organizations/{org}/issues']?.get?.operationId).toBe('issues.list');
    expect(doc.paths['/api/v1/organizations/{org}/issues/{issueId}']?.put?.operationId).toBe('issues.update');
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/0'))).toBe(false);
  });

  it('describes the hand-checked sparkline in the document as what it is: pairs of numbers', async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(
      await dexter.request('/api/docs/openapi.json'),
    );
    const IssueListDocSchema = z.object({
      responses: z.object({
        200: z.object({
          content: z.object({
            'application/json': z.object({
              schema: z.object({
                properties: z.object({
                  issues: z.object({ items: z.object({ properties: z.record(z.string(), z.unknown()) }) }),
                }),
              }),
            }),
          }),
        }),
      }),
    });
    const list = IssueListDocSchema.parse(doc.paths['/api/v1/organizations/{org}/issues']?.get);
    const issue = list.responses[200].content['application/json'].schema.properties.issues.items;
    expect(issue.properties.stats).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    });
  });
});
