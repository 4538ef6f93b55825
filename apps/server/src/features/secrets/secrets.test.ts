/**
 * Secrets over HTTP: a secret's URL must pass the SSRF guard (loopback, cloud metadata and private
 * addresses are refused, also behind a name that resolves there); values are never returned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
const dns: Record<string, string> = {
  'hooks.example.com': '93.184.216.34',
  'metadata.example.com': '169.254.169.254',
};

beforeAll(async () => {
  dexter = await startTestDexter(
    {},
    { resolve: async (host) => (dns[host] ? [{ address: dns[host]!, family: 4 }] : []) },
  );
});
afterAll(() => dexter.close());

const put = (name: string, body: object) =>
  dexter.request(`/api/v1/secrets/${name}`, { method: 'PUT', body: JSON.stringify(body) });

describe('/api/v1/secrets', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'https://metadata.example.com/',
  ])('refuses the URL %s', async (url) => {
    const response = await put('webhook', { value: 'x-signing-secret', url });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('DEXTER_ERR_UNSAFE_URL');
  });

  it('stores a secret with a public URL, lists it without its value, and deletes it', async () => {
    const stored = await put('github', {
      value: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      url: 'https://hooks.example.com/x',
    });
    expect(stored.status).toBe(200);
    const list = await (await dexter.request('/api/v1/secrets')).json();
    expect(list).toEqual({
      secrets: [{ name: 'github', url: 'https://hooks.example.com/x', updatedAt: expect.any(String) }],
    });
    expect((await dexter.request('/api/v1/secrets/github', { method: 'DELETE' })).status).toBe(204);
    expect((await dexter.request('/api/v1/secrets/github', { method: 'DELETE' })).status).toBe(404);
  });
});
