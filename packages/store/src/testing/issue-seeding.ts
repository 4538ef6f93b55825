/**
 * Test helpers for the triage endpoints: issues made from real envelopes (one fingerprint per
 * issue, any number of events and users), a second project to test cross-project rules, and
 * JSON calls to the store's `/api/0`.
 */
import { envelopeOf, postEnvelope, type TestEventOptions, testEvent } from './envelopes';
import type { StoreServer } from './store-harness';

export interface IssueSpec extends Omit<TestEventOptions, 'fingerprint' | 'value' | 'userId'> {
  events?: number;
  /** One user per event, cycling. */
  users?: string[];
  /** Another project's ingest credentials; the server's own project by default. */
  project?: { id: string; publicKey: string };
}

/** Sends the events of one issue (fingerprint `name`) and returns the issue id. */
export async function seedIssue(server: StoreServer, name: string, spec: IssueSpec = {}): Promise<string> {
  const { events = 1, users = [], project, ...options } = spec;
  let eventId = '';
  for (let i = 0; i < events; i++) {
    const event = testEvent({
      ...options,
      fingerprint: [name],
      value: name,
      userId: users[i % users.length],
    });
    eventId = event.event_id;
    const res = await postEnvelope(
      server.url,
      project?.id ?? server.projectId,
      project?.publicKey ?? server.publicKey,
      envelopeOf(event),
    );
    if (res.status !== 200) throw new Error(`seedIssue ${name}: ingest answered ${res.status}`);
  }
  const row = await server.store.db
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return String(row.issue_id);
}

export async function secondProject(server: StoreServer, slug = 'other') {
  const project = await server.store.ensureProject(server.org, slug, server.url);
  return { id: project.id, publicKey: new URL(project.dsn).username };
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the store's `/api/0` with the bootstrap token; a JSON body sets the content type. */
export async function apiCall<T = unknown>(
  server: StoreServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse<T>> {
  const res = await server.api(path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

export const orgPath = (server: StoreServer, rest = '') => `/api/0/organizations/${server.org}/${rest}`;
