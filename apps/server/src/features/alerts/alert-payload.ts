/**
 * What a firing tells its receivers, the same for every channel: the rule, the issue (with a link
 * into Dexter), the event that tipped it, and why it fired. `delivery` names the firing and the
 * action, and stays the same across retries, so a receiver can drop a repeat.
 */
import type { AlertFire } from '@dexter/store';

export interface AlertPayload {
  action: 'triggered';
  delivery: string;
  rule: { id: string; name: string };
  issue: {
    id: string;
    shortId: string;
    title: string;
    culprit: string;
    level: string;
    project: string;
    url: string;
  };
  event: { id: string };
  reason: AlertFire['reason'];
  firedAt: string;
}

/** Many firings of one rule's digest action, posted as one message when its window closes. */
export interface AlertDigestPayload {
  action: 'digest';
  delivery: string;
  rule: { id: string; name: string };
  /** Firings collected; `firings` holds the first `DIGEST_MAX_ITEMS` of them. */
  count: number;
  firings: AlertPayload[];
}

export const DIGEST_MAX_ITEMS = 200;

export const isDigest = (payload: AlertPayload | AlertDigestPayload): payload is AlertDigestPayload =>
  payload.action === 'digest';

export function payloadOf(fire: AlertFire, actionIndex: number, publicUrl: string): AlertPayload {
  const base = publicUrl.replace(/\/$/, '');
  return {
    action: 'triggered',
    delivery: `${fire.id}-${actionIndex}`,
    rule: { id: String(fire.ruleId), name: fire.ruleName },
    issue: {
      id: fire.issueId,
      shortId: fire.shortId,
      title: fire.title,
      culprit: fire.culprit,
      level: fire.level,
      project: fire.project,
      url: issueUrl(base, fire.org, fire.issueId),
    },
    event: { id: fire.eventId },
    reason: fire.reason,
    firedAt: new Date(fire.firedAt).toISOString(),
  };
}

/** The issue's page in Dexter's web app, whose route is `/{org}/issues/{id}` (apps/web router). */
export const issueUrl = (base: string, org: string, issueId: string) =>
  `${base}/${encodeURIComponent(org)}/issues/${encodeURIComponent(issueId)}`;
