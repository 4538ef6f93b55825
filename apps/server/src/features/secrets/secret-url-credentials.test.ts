/**
 * Credentials inside a secret's URL are secrets too (issue 23, finding 4): sealed at rest, shown
 * as `***@` in the API and the audit log, and given back whole only to the code that calls the
 * URL. Before the fix `https://user:pass@host` was stored, listed and audited in plain text, so
 * every "never contains the password" assertion below failed.
 */
import type { AuditList, SecretList, SecretSummary } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

const PASSWORD = 'hunter2-very-secret';
let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter({}, { resolve: async () => [{ address: '93.184.216.34', family: 4 }] });
});
afterAll(() => dexter.close());

const put = (name: string, url: string) =>
  dexter.request(`/api/v1/secrets/${name}`, {
    method: 'PUT',
    body: JSON.stringify({ value: 'signing-secret', url }),
  });
const rowOf = (name: string) =>
  dexter.security.db.selectFrom('secrets').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

describe('credentials inside a secret URL', () => {
  it('are masked in the answer, the list and the audit log, and sealed in the database', async () => {
    const response = await put('jira', `https://deploy-bot:${PASSWORD}@jira.example.com/rest`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as SecretSummary).url).toBe('https://***@jira.example.com/rest');

    const list = (await (await dexter.request('/api/v1/secrets')).json()) as SecretList;
    expect(list.secrets.find((secret) => secret.name === 'jira')?.url).toBe(
      'https://***@jira.example.com/rest',
    );

    const audit = (await (await dexter.request('/api/v1/audit?action=secrets.put')).json()) as AuditList;
    expect(audit.entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.entries)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit.entries)).not.toContain('deploy-bot');

    const row = await rowOf('jira');
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(row.url).toBe('https://jira.example.com/rest');
    expect(await dexter.security.services.secrets.getUrl('jira')).toBe(
      `https://deploy-bot:${PASSWORD}@jira.example.com/rest`,
    );
  });

  it('are sealed at start when an older version stored them in plain text', async () => {
    const at = Date.now();
    await dexter.security.db
      .insertInto('secrets')
      .values({
        name: 'legacy',
        ciphertext: 'v1.x.y.z',
        key_id: 'k',
        url: `https://ops:${PASSWORD}@hooks.example.com/`,
        url_credentials: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const list = (await (await dexter.request('/api/v1/secrets')).json()) as SecretList;
    expect(list.secrets.find((secret) => secret.name === 'legacy')?.url).toBe(
      'https://***@hooks.example.com/',
    );

    await dexter.security.services.secrets.sealLegacyUrlCredentials();
    expect(JSON.stringify(await rowOf('legacy'))).not.toContain(PASSWORD);
    expect(await dexter.security.services.secrets.getUrl('legacy')).toBe(
      `https://ops:${PASSWORD}@hooks.example.com/`,
    );
  });
});
