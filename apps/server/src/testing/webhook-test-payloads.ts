/**
 * Test-only: Sentry webhook deliveries as Sentry sends them (sentry-api.md §4): the JSON body
 * serialized once, compact, and the headers, signed with `secret` over those exact bytes.
 */
import { randomUUID } from 'node:crypto';
import { signWebhook } from '../features/webhooks/webhook-signature';

export function issuePayload(action: string, issueId: string, extra: Record<string, unknown> = {}) {
  return {
    action,
    installation: { uuid: 'b7bb5d3c-1c1f-4bd1-9f2a-5a6a0f9d5e11' },
    data: {
      issue: {
        id: issueId,
        shortId: `WEB-${issueId}`,
        title: `TypeError: webhook ${issueId}`,
        level: 'error',
        status: action === 'resolved' ? 'resolved' : 'unresolved',
        project: { id: '2', slug: 'web', name: 'web' },
        ...extra,
      },
    },
    actor: { type: 'application', id: 'sentry', name: 'Sentry' },
  };
}

export function errorPayload(issueId: string) {
  return {
    action: 'created',
    installation: { uuid: 'b7bb5d3c-1c1f-4bd1-9f2a-5a6a0f9d5e11' },
    data: { error: { event_id: randomUUID().replace(/-/g, ''), issue_id: issueId, title: 'boom' } },
    actor: { type: 'application', id: 'sentry', name: 'Sentry' },
  };
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

export function signedDelivery(secret: string, resource: string, payload: unknown): Delivery {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'request-id': randomUUID().replace(/-/g, ''),
      'sentry-hook-resource': resource,
      'sentry-hook-timestamp': String(Math.floor(Date.now() / 1000)),
      'sentry-hook-signature': signWebhook(secret, body),
    },
  };
}

/** POSTs a delivery; a re-delivery gets a new Request-ID, as Sentry's retries do. */
export const deliver = (baseUrl: string, { body, headers }: Delivery) =>
  fetch(`${baseUrl}/api/v1/webhooks/sentry`, {
    method: 'POST',
    body,
    headers: { ...headers, 'request-id': randomUUID().replace(/-/g, '') },
  });
