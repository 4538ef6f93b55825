/**
 * Vendor webhook deliveries: each verified over the exact raw body with the connection's webhook
 * secret before anything is parsed, then read into "this ticket is now open/closed".
 * - GitHub: `X-Hub-Signature-256: sha256=<hex>` (@octokit/webhooks-methods), delivery id
 *   `X-GitHub-Delivery`, event `issues`.
 * - Jira (admin webhooks with a secret): `X-Hub-Signature: sha256=<hex>` (not `-256`), delivery
 *   id `X-Atlassian-Webhook-Identifier`; closed = status category `done`.
 * - Linear: `linear-signature: <hex>` and a `webhookTimestamp` (ms) within 60 s of now (the SDK's
 *   window), delivery id `linear-delivery`; closed = state type completed/canceled/duplicate.
 * - GitLab: the secret itself in `X-Gitlab-Token` (compared in constant time), delivery id
 *   `Idempotency-Key` (17.4+, same across retries) else `X-Gitlab-Event-UUID`, `Issue Hook`.
 * GitHub, GitLab and Jira sign no timestamp: replays are stopped by remembering delivery ids.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IntegrationVendor } from '@dexter/contracts';
import { verify as verifyGithub } from '@octokit/webhooks-methods';
import { DexterError } from '../../errors/error-codes';
import { CLOSED_LINEAR_STATES } from './vendors/linear-port';

export const LINEAR_WINDOW_MS = 60_000;

export interface TicketChange {
  key: string;
  state: 'open' | 'closed';
  stateLabel: string;
}

export interface Delivery {
  deliveryId: string;
  /** Null: a delivery about something else (a comment, a push, a ping). */
  change: TicketChange | null;
}

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const hmacHex = (secret: string, raw: Buffer) => createHmac('sha256', secret).update(raw).digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const refuse = (message: string) => new DexterError('DEXTER_ERR_WEBHOOK_SIGNATURE', message);

function parse(raw: Buffer): Record<string, unknown> {
  try {
    const body = JSON.parse(raw.toString('utf8')) as unknown;
    if (typeof body === 'object' && body !== null) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new DexterError('DEXTER_ERR_VALIDATION', 'the webhook body is not a JSON object');
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

async function github(secret: string, headers: Headers, raw: Buffer): Promise<Delivery> {
  const signature = header(headers, 'x-hub-signature-256');
  if (!signature) throw refuse('X-Hub-Signature-256 is missing: set the webhook secret on GitHub');
  if (!(await verifyGithub(secret, raw.toString('utf8'), signature)))
    throw refuse('X-Hub-Signature-256 does not match the body');
  const deliveryId = header(headers, 'x-github-delivery');
  if (!deliveryId) throw new DexterError('DEXTER_ERR_VALIDATION', 'X-GitHub-Delivery is missing');
  const body = parse(raw);
  if (header(headers, 'x-github-event') !== 'issues') return { deliveryId, change: null };
  const issue = record(body.issue);
  const repository = record(body.repository);
  if (typeof issue.number !== 'number' || typeof repository.full_name !== 'string')
    return { deliveryId, change: null };
  const state = issue.state === 'closed' ? 'closed' : 'open';
  return {
    deliveryId,
    change: {
      key: `${repository.full_name}#${issue.number}`,
      state,
      stateLabel: issue.state_reason ? `${state} (${String(issue.state_reason)})` : state,
    },
  };
}

function jira(secret: string, headers: Headers, raw: Buffer): Delivery {
  const signature = header(headers, 'x-hub-signature');
  if (!signature) throw refuse('X-Hub-Signature is missing: give the Jira webhook a secret');
  if (!sameText(signature, `sha256=${hmacHex(secret, raw)}`))
    throw refuse('X-Hub-Signature does not match the body');
  const deliveryId = header(headers, 'x-atlassian-webhook-identifier');
  if (!deliveryId)
    throw new DexterError('DEXTER_ERR_VALIDATION', 'X-Atlassian-Webhook-Identifier is missing');
  const body = parse(raw);
  const issue = record(body.issue);
  const status = record(record(issue.fields).status);
  if (typeof issue.key !== 'string' || typeof status.name !== 'string') return { deliveryId, change: null };
  const category = record(status.statusCategory).key;
  return {
    deliveryId,
    change: { key: issue.key, state: category === 'done' ? 'closed' : 'open', stateLabel: status.name },
  };
}

function linear(secret: string, headers: Headers, raw: Buffer, now: number): Delivery {
  const signature = header(headers, 'linear-signature');
  if (!signature) throw refuse('linear-signature is missing');
  if (!sameText(signature, hmacHex(secret, raw))) throw refuse('linear-signature does not match the body');
  const body = parse(raw);
  const stamp = Number(body.webhookTimestamp ?? header(headers, 'linear-timestamp'));
  if (!Number.isFinite(stamp) || Math.abs(now - stamp) > LINEAR_WINDOW_MS)
    throw refuse('the Linear webhook timestamp is more than 60 s from now (a replay, or a wrong clock)');
  const deliveryId = header(headers, 'linear-delivery') ?? `${String(body.webhookId)}:${stamp}`;
  const data = record(body.data);
  const state = record(data.state);
  if (body.type !== 'Issue' || typeof data.identifier !== 'string' || typeof state.type !== 'string')
    return { deliveryId, change: null };
  return {
    deliveryId,
    change: {
      key: data.identifier,
      state: CLOSED_LINEAR_STATES.has(state.type) ? 'closed' : 'open',
      stateLabel: typeof state.name === 'string' ? state.name : state.type,
    },
  };
}

function gitlab(secret: string, headers: Headers, raw: Buffer): Delivery {
  const token = header(headers, 'x-gitlab-token');
  if (!token) throw refuse('X-Gitlab-Token is missing: set the webhook secret token on GitLab');
  if (!sameText(token, secret)) throw refuse('X-Gitlab-Token is not this connection’s webhook secret');
  const deliveryId = header(headers, 'idempotency-key') ?? header(headers, 'x-gitlab-event-uuid');
  if (!deliveryId)
    throw new DexterError('DEXTER_ERR_VALIDATION', 'Idempotency-Key and X-Gitlab-Event-UUID are missing');
  const body = parse(raw);
  const issue = record(body.object_attributes);
  const project = record(body.project);
  if (
    body.object_kind !== 'issue' ||
    typeof issue.iid !== 'number' ||
    typeof project.path_with_namespace !== 'string'
  )
    return { deliveryId, change: null };
  const state = issue.state === 'closed' ? 'closed' : 'open';
  return {
    deliveryId,
    change: {
      key: `${project.path_with_namespace}#${issue.iid}`,
      state,
      stateLabel: String(issue.state ?? state),
    },
  };
}

export function readDelivery(
  vendor: IntegrationVendor,
  secret: string,
  headers: Headers,
  raw: Buffer,
  now: number,
): Promise<Delivery> | Delivery {
  if (vendor === 'github') return github(secret, headers, raw);
  if (vendor === 'gitlab') return gitlab(secret, headers, raw);
  if (vendor === 'jira') return jira(secret, headers, raw);
  return linear(secret, headers, raw, now);
}
