/**
 * Start-up security: companion mode refuses a private `SENTRY_URL` unless allowed; production
 * refuses to start without `DEXTER_SECRET_KEY`; development generates a key file once, mode 0600.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config';
import { openSecurity } from './open-security';

const dirs: string[] = [];
const configFor = (env: Record<string, string>) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-security-'));
  dirs.push(dataDir);
  return loadConfig({ DEXTER_DATA_DIR: dataDir, ...env }, '/');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const companion = { SENTRY_TOKEN: 't', SENTRY_ORG: 'acme' };

describe('openSecurity', () => {
  it.each(['http://127.0.0.1:9000', 'http://169.254.169.254', 'http://10.0.0.1'])(
    'refuses SENTRY_URL=%s in companion mode',
    async (url) => {
      await expect(openSecurity(configFor({ ...companion, SENTRY_URL: url }))).rejects.toThrow(ConfigError);
      await expect(openSecurity(configFor({ ...companion, SENTRY_URL: url }))).rejects.toThrow(
        /SENTRY_URL: .*DEXTER_ALLOW_PRIVATE_URLS/,
      );
    },
  );

  it('accepts a private SENTRY_URL that DEXTER_ALLOW_PRIVATE_URLS allows', async () => {
    const opened = await openSecurity(
      configFor({ ...companion, SENTRY_URL: 'http://10.0.0.1', DEXTER_ALLOW_PRIVATE_URLS: '10.0.0.0/8' }),
    );
    await opened.close();
  });

  it('generates a development key once, mode 0600, and reuses it', async () => {
    const config = configFor({});
    const first = await openSecurity(config);
    expect(first.secretKey.origin).toBe('generated');
    expect(statSync(join(config.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(first.admin?.created).toBe(true);
    await first.close();
    const second = await openSecurity(config);
    expect(second.secretKey.origin).toBe('file');
    expect(second.admin).toMatchObject({ created: false, password: first.admin!.password });
    await second.close();
  });

  it('production refuses to load without DEXTER_SECRET_KEY, and takes one in hex or base64', () => {
    expect(() => configFor({ NODE_ENV: 'production' })).toThrow(
      /DEXTER_SECRET_KEY: required when NODE_ENV=production/,
    );
    expect(() => configFor({ NODE_ENV: 'production', DEXTER_SECRET_KEY: 'too short' })).toThrow(
      /DEXTER_SECRET_KEY/,
    );
    const hex = configFor({ NODE_ENV: 'production', DEXTER_SECRET_KEY: 'ab'.repeat(32) });
    expect(hex.security.secretKey).toHaveLength(32);
    const base64 = configFor({
      NODE_ENV: 'production',
      DEXTER_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(base64.security.secretKey?.equals(Buffer.alloc(32, 7))).toBe(true);
  });
});
