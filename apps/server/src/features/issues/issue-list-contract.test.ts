/**
 * The issue list is serialized without re-validation (its route's `serializerCompiler`), so this
 * checks what that validation used to guarantee: the answer fits `IssueListSchema` exactly, with
 * no field the contract does not define, for issues with and without the optional parts
 * (sparkline, category, a regex-like message), on the first page and a later one.
 */
import { IssueListSchema } from '@dexter/contracts';
import { envelopeOf, postEnvelope, type TestEventOptions, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

async function send(options: TestEventOptions) {
  const project = dexter.bootstrap!.projects[0]!;
  const key = new URL(project.dsn).username;
  const res = await postEnvelope(dexter.url, project.id, key, envelopeOf(testEvent(options)));
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  await send({
    fingerprint: ['a'],
    type: 'TypeError',
    value: "Cannot read properties of undefined (reading 'x')",
  });
  await send({ fingerprint: ['b'], type: 'DatabaseError', value: 'deadlock detected', release: null });
  await send({ fingerprint: ['c'], type: 'Warning', value: 'slow [query] (.*)', level: 'warning' });
});
afterAll(() => dexter.close());

async function listBody(params: string): Promise<unknown> {
  const res = await dexter.request(`/api/v1/organizations/dexter/issues?${params}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('GET /issues answers exactly the contract', () => {
  it('fits IssueListSchema with nothing beyond it, on every page', async () => {
    const first = await listBody('query=&limit=2');
    // Parsing strips unknown keys: equal means every field is the contract's and valid.
    expect(IssueListSchema.parse(first)).toEqual(first);
    const page = IssueListSchema.parse(first);
    expect(page.issues).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const second = await listBody(`query=&limit=2&cursor=${encodeURIComponent(page.nextCursor!)}`);
    expect(IssueListSchema.parse(second)).toEqual(second);
    expect(IssueListSchema.parse(second).issues).toHaveLength(1);
  });

  it('carries the optional parts when the issue has them', async () => {
    const page = IssueListSchema.parse(await listBody('query=&limit=10'));
    const typeError = page.issues.find((issue) => issue.metadata.type === 'TypeError');
    expect(typeError?.category?.id).toBeTruthy();
    expect(typeError?.stats?.length).toBeGreaterThan(0);
    expect(typeError?.metadata.value).toBe("Cannot read properties of undefined (reading 'x')");
  });
});
