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
});
