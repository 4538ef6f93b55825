/** What each Sentry webhook resource and action becomes for live clients (sentry-api.md §4). */
import { describe, expect, it } from 'vitest';
import { errorPayload, issuePayload } from '../../testing/webhook-test-payloads';
import { changesFromWebhook, webhookIssueId } from './webhook-events';

describe('changesFromWebhook', () => {
  it('turns issue.created into issue.created and other issue actions into issue.updated', () => {
    expect(changesFromWebhook('issue', issuePayload('created', '5'), 'acme')).toEqual([
      {
        type: 'issue.created',
        org: 'acme',
        project: 'web',
        issueId: '5',
        title: 'TypeError: webhook 5',
        shortId: 'WEB-5',
        level: 'error',
        eventId: null,
      },
    ]);
    expect(changesFromWebhook('issue', issuePayload('ignored', '5', { status: 'ignored' }), 'acme')).toEqual([
      {
        type: 'issue.updated',
        org: 'acme',
        project: 'web',
        issueId: '5',
        action: 'ignored',
        status: 'ignored',
        origin: 'upstream',
      },
    ]);
  });

  it('counts an error, and reads numeric ids as strings', () => {
    const payload = errorPayload('77');
    (payload.data.error as Record<string, unknown>).issue_id = 77;
    expect(changesFromWebhook('error', payload, 'acme')).toEqual([
      { type: 'issue.counts', org: 'acme', counts: [{ issueId: '77', project: null, events: 1 }] },
    ]);
    expect(webhookIssueId(payload)).toBe('77');
  });

  it('turns issue and metric alerts into alert.fired', () => {
    const issueAlert = {
      action: 'triggered',
      data: { event: { issue_id: '12', title: 'boom' }, triggered_rule: 'Slack on new errors' },
    };
    expect(changesFromWebhook('event_alert', issueAlert, 'acme')).toEqual([
      {
        type: 'alert.fired',
        org: 'acme',
        kind: 'issue',
        title: 'Slack on new errors',
        status: null,
        issueId: '12',
      },
    ]);
    const metric = { action: 'resolved', data: { metric_alert: { title: 'Error rate' } } };
    expect(changesFromWebhook('metric_alert', metric, 'acme')).toMatchObject([
      { kind: 'metric', title: 'Error rate', status: 'resolved', issueId: null },
    ]);
  });

  it('ignores other resources and payloads without the expected shape', () => {
    expect(changesFromWebhook('comment', { action: 'created', data: { comment: 'x' } }, 'acme')).toEqual([]);
    expect(changesFromWebhook('issue', { action: 'created', data: {} }, 'acme')).toEqual([]);
    expect(changesFromWebhook('issue', 'not an object', 'acme')).toEqual([]);
    expect(webhookIssueId({ action: 'x', data: {} })).toBeNull();
  });
});
