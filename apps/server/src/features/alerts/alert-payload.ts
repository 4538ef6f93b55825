/**
 * What a firing tells its receivers, the same for every channel: the rule, the issue (with a link
 * into Dexter), the event that tipped it, and why it fired. `delivery` names the firing and the
 * action, and stays the same across retries, so a receiver can drop a repeat.
 */
import type { AlertFire } from '@dexter/store';

export interface AlertPayload {
  /** `resolved`: a metric rule's value fell back to its resolve threshold. */
  action: 'triggered' | 'resolved';
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
  /** A metric rule's level change (then `issue` names the rule's project and links to the alerts page). */
  metric?: AlertFire['metric'];
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
  if (fire.metric) return metricPayloadOf(fire, fire.metric, actionIndex, base);
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

function metricPayloadOf(
  fire: AlertFire,
  metric: NonNullable<AlertFire['metric']>,
  actionIndex: number,
  base: string,
): AlertPayload {
  return {
    action: metric.level === 'ok' ? 'resolved' : 'triggered',
    delivery: `${fire.id}-${actionIndex}`,
    rule: { id: String(fire.ruleId), name: fire.ruleName },
    issue: {
      id: '',
      shortId: '',
      title: fire.ruleName,
      culprit: '',
      level: metric.level === 'ok' ? 'info' : metric.level === 'critical' ? 'fatal' : 'warning',
      project: fire.project,
      url: `${base}/${encodeURIComponent(fire.org)}/alerts`,
    },
    event: { id: '' },
    reason: fire.reason,
    metric,
    firedAt: new Date(fire.firedAt).toISOString(),
  };
}
