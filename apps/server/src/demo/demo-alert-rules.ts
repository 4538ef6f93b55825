/**
 * The demo's alert rules, recorded in the store before its services send, so that the two weeks of
 * history fire them as live traffic would: the alerts page opens with rules that fired, their history
 * and Dexter's in-app deliveries. Written in Dexter's rule model and sent through its mapping to
 * Sentry's legacy `/rules/` endpoint, as Dexter itself writes them to a store or to Sentry.
 */
import { type AlertRuleInput, AlertRuleSchema, toLegacyRule } from '@dexter/contracts';
import type { Bootstrap } from '@dexter/store';

/** Rules per demo service. */
export const DEMO_ALERT_RULES: Record<string, AlertRuleInput[]> = {
  storefront: [
    {
      name: 'Storefront errors pile up: more than 5 in an hour',
      triggers: [{ type: 'frequency', value: 5, window: '1h' }],
      actions: [{ type: 'in_app' }],
      actionIntervalMinutes: 60,
    },
  ],
  payments: [
    {
      name: 'A new payments issue in production',
      environment: 'production',
      triggers: [{ type: 'new_issue' }],
      actions: [{ type: 'in_app' }],
      actionIntervalMinutes: 30,
    },
  ],
};

export async function recordDemoAlertRules(
  bootstrap: Bootstrap,
  publicUrl: string,
  projects: ReadonlyArray<{ service: string; slug: string }>,
): Promise<void> {
  for (const { service, slug } of projects) {
    for (const input of DEMO_ALERT_RULES[service] ?? []) {
      // The store is Dexter's own upstream: its in-app action needs no installed Sentry App.
      const mapped = toLegacyRule(AlertRuleSchema.parse(input), { dexterApp: 'dexter' });
      if (!mapped.ok) throw new Error(`demo alert rule ${input.name}: ${JSON.stringify(mapped.problems)}`);
      const res = await fetch(`${publicUrl}/api/0/projects/${bootstrap.org}/${slug}/rules/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bootstrap.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(mapped.body),
      });
      if (!res.ok) throw new Error(`demo alert rule ${input.name}: the store answered ${res.status}`);
    }
  }
}
