/**
 * In companion mode there is no built-in store: its admin routes answer 409 naming why (the same
 * routes exist in both modes), and the public sign-in config says the mode so the page can speak
 * of the Sentry token Dexter holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultedSetup, startFaultedDexter } from '../../testing/faulted-dexter';

let setup: FaultedSetup;

beforeAll(async () => {
  setup = await startFaultedDexter();
});
afterAll(() => setup.close());

describe('store administration in companion mode', () => {
  it.each([
    ['GET', '/api/v1/store/projects', undefined],
    ['POST', '/api/v1/store/projects', { name: 'web' }],
    ['GET', '/api/v1/store/projects/web/keys', undefined],
    ['POST', '/api/v1/store/keys/1/rotate', {}],
  ] as const)('%s %s answers 409: no built-in store', async (method, path, body) => {
    const response = await setup.dexter.request(path, {
      method,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status).toBe(409);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code: 'DEXTER_ERR_NO_STORE' });
    expect(error.message).toMatch(/companion mode/);
  });

  it('tells the sign-in page the mode', async () => {
    const config = (await (await setup.dexter.anonymous('/api/v1/auth/config')).json()) as { mode: string };
    expect(config.mode).toBe('companion');
  });
});
