/** Live-update settings: off by default, a webhook secret that is long enough, sane intervals. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('live configuration', () => {
  it('has no webhook secret, a 15 s poll and a 30 s heartbeat by default', () => {
    expect(loadConfig({}, '/x').live).toEqual({ webhookSecret: null, pollMs: 15_000, heartbeatMs: 30_000 });
  });

  it('reads the webhook secret and the intervals', () => {
    const env = {
      DEXTER_SENTRY_WEBHOOK_SECRET: 'a'.repeat(64),
      DEXTER_LIVE_POLL_MS: '5000',
      DEXTER_LIVE_HEARTBEAT_MS: '10000',
    };
    expect(loadConfig(env, '/x').live).toEqual({
      webhookSecret: 'a'.repeat(64),
      pollMs: 5_000,
      heartbeatMs: 10_000,
    });
  });

  it('names the variable when the secret is too short or an interval too small', () => {
    expect(() => loadConfig({ DEXTER_SENTRY_WEBHOOK_SECRET: 'short' }, '/x')).toThrow(
      /DEXTER_SENTRY_WEBHOOK_SECRET: the client secret/,
    );
    expect(() => loadConfig({ DEXTER_LIVE_POLL_MS: '10' }, '/x')).toThrow(/DEXTER_LIVE_POLL_MS/);
  });
});
