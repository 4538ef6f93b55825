import type { AlertFire } from '@dexter/store';
import { describe, expect, it } from 'vitest';
import { payloadOf } from './alert-payload';

const fire: AlertFire = {
  id: 9,
  ruleId: 3,
  ruleName: 'Checkout storm',
  org: 'acme co',
  project: 'shop',
  issueId: '42',
  shortId: 'SHOP-1',
  title: 'TypeError',
  culprit: 'checkout',
  level: 'error',
  eventId: 'e'.repeat(32),
  firedAt: Date.UTC(2026, 11, 7),
  actions: [{ type: 'in_app' }],
  reason: { summary: 'a new issue', triggers: [{ type: 'new_issue' }] },
  metric: null,
};

describe('the alert payload', () => {
  it("links the issue to the web app's route /{org}/issues/{id}, not Sentry's /organizations/…", () => {
    const payload = payloadOf(fire, 0, 'https://dexter.example.com/');
    expect(payload.issue.url).toBe('https://dexter.example.com/acme%20co/issues/42');
  });

  it('names the firing and the action in a delivery id that stays the same across retries', () => {
    expect(payloadOf(fire, 1, 'http://x').delivery).toBe('9-1');
  });
});

describe('a metric rule firing', () => {
  const metricFire: AlertFire = {
    ...fire,
    issueId: '',
    shortId: '',
    ruleName: 'Error storm',
    metric: { level: 'ok', previous: 'critical', value: 0, windowEnd: Date.UTC(2026, 11, 7) },
    reason: {
      summary: 'resolved: error events 0 over 5 min (was critical)',
      triggers: [{ type: 'metric_ok' }],
    },
  };

  it('is told as resolved, with the level change, and links to the alerts page', () => {
    const payload = payloadOf(metricFire, 0, 'https://dexter.example.com');
    expect(payload).toMatchObject({
      action: 'resolved',
      metric: { level: 'ok', previous: 'critical' },
      issue: { url: 'https://dexter.example.com/acme%20co/alerts', title: 'Error storm' },
    });
  });
});
