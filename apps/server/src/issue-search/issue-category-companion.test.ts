/**
 * `category:` in companion mode: Dexter reads a built-in store over HTTP as it would read Sentry
 * (through a fault proxy), so Sentry's dialect plans the search. The category comes from the
 * issue JSON the upstream serves, the term is evaluated by Dexter, and it never reaches the
 * upstream (Sentry would read `category` as a tag and match nothing).
 */
import type { IssueList } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultedSetup, startFaultedDexter } from '../testing/faulted-dexter';

let setup: FaultedSetup;

async function send(type: string, value: string) {
  const { store } = setup;
  const event = testEvent({ fingerprint: [type], type, value });
  const res = await postEnvelope(store.url, store.projectId, store.publicKey, envelopeOf(event));
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  setup = await startFaultedDexter();
  await send('PSQLException', 'ERROR: deadlock detected');
  await send('JwtError', 'jwt expired');
  await send('HttpError', 'Request failed with status code 403');
}, 60_000);
afterAll(() => setup.close());

describe('category: in companion mode', () => {
  it('filters by the category Dexter computes from the upstream issue, and sends the term nowhere', async () => {
    const query = encodeURIComponent('category:[database, permission] level:error');
    const res = await setup.dexter.request(`/api/v1/organizations/${setup.store.org}/issues?query=${query}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as IssueList;
    expect(page.issues.map((issue) => [issue.metadata.type, issue.category?.id]).sort()).toEqual([
      ['HttpError', 'permission'],
      ['PSQLException', 'database'],
    ]);
    const listCalls = setup.proxy.forwarded.filter((r) => r.path.includes('/issues/?'));
    expect(listCalls.length).toBeGreaterThan(0);
    expect(listCalls.some((r) => decodeURIComponent(r.path).includes('category'))).toBe(false);
    expect(
      listCalls.some((r) => decodeURIComponent(r.path.replaceAll('+', ' ')).includes('level:error')),
    ).toBe(true);
  });
});
