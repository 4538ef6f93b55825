import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to standalone mode on the built-in store', () => {
    const config = loadConfig({}, '/srv/dexter');
    expect(config.mode).toBe('standalone');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('/srv/dexter/.data');
    expect(config.demo).toBe(true);
  });

  it('switches to companion mode when a Sentry token is set', () => {
    const config = loadConfig({ SENTRY_TOKEN: 'abc', SENTRY_ORG: 'acme', DEXTER_DEMO: 'false' }, '/x');
    expect(config.mode).toBe('companion');
    expect(config.sentry).toMatchObject({ url: 'https://sentry.io', token: 'abc', org: 'acme' });
    expect(config.demo).toBe(false);
  });

  it('names the variable and the expectation when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, '/x')).toThrow(/PORT/);
    expect(() => loadConfig({ SENTRY_URL: 'not a url' }, '/x')).toThrow(/SENTRY_URL/);
    expect(() => loadConfig({ SENTRY_TOKEN: 't' }, '/x')).toThrow(ConfigError);
    expect(() => loadConfig({ DEXTER_DEMO: 'maybe' }, '/x')).toThrow(/DEXTER_DEMO/);
  });

  it('keeps users, sessions and the rest in SQLite unless DEXTER_DATABASE_URL names a PostgreSQL server', () => {
    expect(loadConfig({}, '/x').database).toEqual({ url: null });
    const url = 'postgres://dexter:s3cret@db.internal:5432/dexter?sslmode=require';
    expect(loadConfig({ DEXTER_DATABASE_URL: url }, '/x').database).toEqual({ url });
    expect(loadConfig({ DEXTER_DATABASE_URL: 'postgresql://db/dexter' }, '/x').database.url).toBe(
      'postgresql://db/dexter',
    );
    expect(() => loadConfig({ DEXTER_DATABASE_URL: 'mysql://db/dexter' }, '/x')).toThrow(
      /DEXTER_DATABASE_URL: expected a PostgreSQL URL/,
    );
    expect(() => loadConfig({ DEXTER_DATABASE_URL: '' }, '/x')).toThrow(/DEXTER_DATABASE_URL/);
  });

  it('reads the security settings', () => {
    const config = loadConfig(
      {
        DEXTER_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        DEXTER_ALLOW_PRIVATE_URLS: '10.0.0.0/8,Sentry.Internal:9000',
        DEXTER_SESSION_IDLE_MINUTES: '15',
        DEXTER_SESSION_MAX_HOURS: '12',
      },
      '/x',
    );
    expect(config.security).toMatchObject({
      secretKey: null,
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      allowPrivateUrls: ['10.0.0.0/8', 'sentry.internal:9000'],
      sessionIdleMs: 15 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      rateLimitPerMinute: 600,
    });
    expect(loadConfig({ DEXTER_ALLOW_PRIVATE_URLS: 'true' }, '/x').security.allowPrivateUrls).toBe('all');
    const hops = loadConfig({ DEXTER_TRUST_PROXY: '1' }, '/x').security.trustProxy as (
      a: string,
      hop: number,
    ) => boolean;
    expect([hops('x', 0), hops('x', 1)]).toEqual([true, false]);
    expect(config.oidc).toBeNull();
  });

  it('needs a client and a public URL for OIDC', () => {
    const oidc = {
      DEXTER_OIDC_ISSUER: 'https://idp.example.com',
      DEXTER_OIDC_CLIENT_ID: 'dexter',
      DEXTER_OIDC_CLIENT_SECRET: 's',
    };
    expect(() => loadConfig({ DEXTER_OIDC_ISSUER: 'https://idp.example.com' }, '/x')).toThrow(
      /DEXTER_OIDC_CLIENT_ID/,
    );
    expect(() => loadConfig(oidc, '/x')).toThrow(/DEXTER_PUBLIC_URL/);
    const config = loadConfig({ ...oidc, DEXTER_PUBLIC_URL: 'https://dexter.example.com' }, '/x');
    expect(config.oidc).toMatchObject({
      issuer: 'https://idp.example.com',
      defaultRole: 'viewer',
      roleClaim: null,
    });
  });
});
