/**
 * A bad `project` parameter is a 400 that names it (issue 23, finding 7). Before the fix a slug
 * or garbage went upstream, which answered 403 as for a project the caller cannot see, so the
 * 400s below were 403s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

describe('the project parameter', () => {
  it.each([
    '/api/v1/organizations/dexter/issues?project=no-such-project',
    '/api/v1/organizations/dexter/issues?project=1&project=%27%20OR%201',
    '/api/v1/organizations/dexter/issues/export?project=internal',
  ])('answers 400 naming it for %s', async (path) => {
    const response = await dexter.request(path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('DEXTER_ERR_VALIDATION');
    expect(body.error.message).toMatch(/project/);
    expect(body.error.message).toMatch(/numeric project id/);
  });

  it('still takes project ids', async () => {
    const id = dexter.bootstrap!.projects[0]!.id;
    expect((await dexter.request(`/api/v1/organizations/dexter/issues?project=${id}`)).status).toBe(200);
  });
});
