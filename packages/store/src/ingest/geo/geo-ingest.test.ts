/**
 * Geo at ingest, end to end through the store's HTTP API: envelopes whose users come from known
 * public IPs (their countries read once from the shipped DB-IP database and hard-coded) or carry
 * the SDK's own `user.geo`, normalized in the ingest worker threads as in production. Asserts the
 * country counts of Sentry's tag endpoints, the issue search by country and the event API's
 * `user.geo`, checked against Sentry's OpenAPI spec.
 */
import { EventSchema, IssueTagSchema, IssueTagValueSchema } from '@dexter/sentry-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { apiCall, orgPath } from '../../testing/issue-seeding';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const ORG = '/api/0/organizations/{organization_id_or_slug}';
let server: StoreServer;
const issues: Record<string, string> = {};

async function send(fingerprint: string, user: Record<string, unknown>): Promise<string> {
  const event = { ...testEvent({ fingerprint: [fingerprint], value: fingerprint }), user };
  const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
  expect(res.status).toBe(200);
  return event.event_id;
}

function expectSpec(body: unknown, specPath: string, wire: z.ZodType) {
  const validate = responseValidator('GET', specPath);
  expect(validate(body), describeErrors(validate.errors)).toBe(true);
  expect(wire.safeParse(body).error).toBeUndefined();
}

let brazilEventId = '';
let sdkGeoEventId = '';

beforeAll(async () => {
  // Two workers, so the lookup runs where production runs it: in the bundled worker threads.
  server = await startStoreServer({ ingestWorkers: 2 });
  // checkout: 3 events from Brazil (2 users), 2 from Germany, 1 from the US, 1 sent with the
  // SDK's own geo (France, although its IP is German), 1 from a private address, 1 without IP.
  brazilEventId = await send('checkout', { id: 'ana', ip_address: '200.147.67.142' });
  await send('checkout', { id: 'ana', ip_address: '200.147.67.142' });
  await send('checkout', { id: 'bruno', ip_address: '177.71.128.1' });
  await send('checkout', { id: 'claus', ip_address: '194.25.2.129' });
  await send('checkout', { id: 'dora', ip_address: '85.214.132.117' });
  await send('checkout', { id: 'ed', ip_address: '8.8.8.8' });
  sdkGeoEventId = await send('checkout', {
    id: 'fleur',
    ip_address: '194.25.2.129',
    geo: { country_code: 'FR', city: 'Lyon', region: 'France' },
  });
  await send('checkout', { id: 'gil', ip_address: '192.168.1.20' });
  await send('checkout', { id: 'hal' });
  // search: only Germany.
  await send('search', { id: 'ida', ip_address: '85.214.132.117' });
  const list = await apiCall<Array<{ id: string; title: string }>>(server, 'GET', orgPath(server, 'issues/'));
  for (const issue of list.body) issues[issue.title.includes('checkout') ? 'checkout' : 'search'] = issue.id;
});
afterAll(() => server.close());

describe('geo.country_code on the issue', () => {
  it('counts events per country in the tag values, most first', async () => {
    const path = orgPath(server, `issues/${issues.checkout}/tags/geo.country_code/values/`);
    const res = await apiCall<Array<{ value: string; count: number; name: string }>>(server, 'GET', path);
    expect(res.status).toBe(200);
    expectSpec(res.body, `${ORG}/issues/{issue_id}/tags/{key}/values/`, IssueTagValueSchema.array());
    expect(res.body.map((v) => [v.value, v.count])).toEqual([
      ['BR', 3],
      ['DE', 2],
      ['FR', 1],
      ['US', 1],
    ]);
  });

  it('sums them in the tag key, leaving out the events with no country', async () => {
    const path = orgPath(server, `issues/${issues.checkout}/tags/geo.country_code/`);
    const res = await apiCall<{ totalValues: number; uniqueValues: number }>(server, 'GET', path);
    expectSpec(res.body, `${ORG}/issues/{issue_id}/tags/{key}/`, IssueTagSchema);
    expect(res.body).toMatchObject({ totalValues: 7, uniqueValues: 4 });
  });

  it('finds issues by country in the issue search', async () => {
    const ids = async (query: string) =>
      (
        await apiCall<Array<{ id: string }>>(
          server,
          'GET',
          orgPath(server, `issues/?query=${encodeURIComponent(query)}`),
        )
      ).body
        .map((i) => i.id)
        .sort();
    expect(await ids('geo.country_code:BR')).toEqual([issues.checkout]);
    expect(await ids('geo.country_code:DE')).toEqual([issues.checkout, issues.search].sort());
    expect(await ids('geo.country_code:[FR,US]')).toEqual([issues.checkout]);
    expect(await ids('geo.country_code:JP')).toEqual([]);
  });
});

describe('user.geo in the event API', () => {
  const event = async (eventId: string) => {
    const res = await apiCall<{ user: { geo: unknown; ip_address: string } }>(
      server,
      'GET',
      orgPath(server, `issues/${issues.checkout}/events/${eventId}/`),
    );
    expectSpec(res.body, `${ORG}/issues/{issue_id}/events/{event_id}/`, EventSchema);
    return res.body.user;
  };

  it('is filled from the IP with Sentry’s keys, region being the country’s name', async () => {
    expect(await event(brazilEventId)).toMatchObject({
      ip_address: '200.147.67.142',
      geo: { country_code: 'BR', region: 'Brazil' },
    });
  });

  it('is the SDK’s own when it sent one', async () => {
    expect((await event(sdkGeoEventId)).geo).toEqual({ country_code: 'FR', region: 'France', city: 'Lyon' });
  });
});
