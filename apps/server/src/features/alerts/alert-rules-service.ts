/**
 * Dexter's rule API over whichever upstream serves it, with one code path: rules are read and
 * written through the Sentry client's legacy rules resource (the built-in store serves it; so do
 * older self-hosted servers) and mapped to and from the one rule model. Before a rule is sent, its
 * webhook targets pass the SSRF guard, so a rule that could never deliver is refused with the field
 * named; a rule the upstream's API cannot express is refused with the mapping's reason.
 */
import {
  type AlertRule,
  type AlertRuleView,
  fromLegacyRule,
  parseAlertRule,
  type RuleProblem,
  toLegacyRule,
} from '@dexter/contracts';
import { SentryApiError, type SentryClient } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import { type SsrfGuard, UnsafeUrlError } from '../../security/ssrf-guard';
import type { AlertOutbox } from './alert-outbox';

/** The keys of a legacy rule body; the rest of a response (id, dates, owner…) is not the rule. */
const LEGACY_BODY_KEYS = [
  'name',
  'frequency',
  'actionMatch',
  'filterMatch',
  'environment',
  'conditions',
  'filters',
  'actions',
  'status',
];

const refuse = (problems: RuleProblem[]) =>
  new DexterError(
    'DEXTER_ERR_VALIDATION',
    problems.map((p) => `${p.field || 'rule'}: ${p.message}`).join('; '),
    { fields: problems },
  );

/**
 * sentry.io answers the legacy rules endpoints 410 since 2026-05 unless the organization is
 * flagged (wave2 §5): say what that means instead of a bare "Sentry answered 410".
 */
async function legacyApi<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SentryApiError && error.status === 410)
      throw new DexterError(
        'DEXTER_ERR_UPSTREAM_REJECTED',
        'This Sentry no longer serves the legacy alert rules API (sentry.io since 2026-05, unless the ' +
          'organization is flagged); alert rules over its workflows API are not supported by Dexter yet',
      );
    throw error;
  }
}

/** Every webhook target through the SSRF guard: a rule that could never deliver is refused, naming it. */
export async function checkWebhookTargets(
  guard: Pick<SsrfGuard, 'check'>,
  actions: AlertRule['actions'],
): Promise<void> {
  for (const [i, action] of actions.entries()) {
    if (action.type !== 'webhook') continue;
    try {
      await guard.check(action.url);
    } catch (error) {
      const field = `actions.${i}.url`;
      if (error instanceof UnsafeUrlError)
        throw new DexterError('DEXTER_ERR_UNSAFE_URL', `${field}: ${error.message}`, {
          fields: [{ field, message: error.message }],
        });
      throw refuse([
        { field, message: `cannot be reached (${error instanceof Error ? error.message : String(error)})` },
      ]);
    }
  }
}

export function createAlertRulesService(deps: {
  sentry: Pick<SentryClient, 'alertRules'>;
  guard: Pick<SsrfGuard, 'check'>;
  outbox: Pick<AlertOutbox, 'fireCounts'>;
  /** Dexter's Sentry App installation upstream ('dexter' on the built-in store), or null. */
  dexterApp: string | null;
}) {
  async function legacyBody(input: unknown): Promise<Record<string, unknown>> {
    const parsed = parseAlertRule(input);
    if ('problems' in parsed) throw refuse(parsed.problems);
    await checkWebhookTargets(deps.guard, parsed.rule.actions);
    const mapped = toLegacyRule(parsed.rule, { dexterApp: deps.dexterApp });
    if (!mapped.ok) throw refuse(mapped.problems);
    return { ...mapped.body, status: parsed.rule.enabled ? 'active' : 'disabled' };
  }

  function viewOf(
    project: string,
    legacy: Record<string, unknown> & { id: string; lastTriggered?: string | null | undefined },
    fireCounts: Map<number, number>,
  ): AlertRuleView | null {
    const body = Object.fromEntries(Object.entries(legacy).filter(([key]) => LEGACY_BODY_KEYS.includes(key)));
    const read = fromLegacyRule(body);
    if (!('input' in read)) return null;
    const parsed = parseAlertRule(read.input);
    if (!('rule' in parsed)) return null;
    return {
      id: legacy.id,
      project,
      rule: parsed.rule,
      lastFired: legacy.lastTriggered ?? null,
      fireCount: fireCounts.get(Number(legacy.id)) ?? 0,
    };
  }

  return {
    /** The project's rules the model can hold; others (made in Sentry with conditions Dexter lacks) are counted. */
    async list(org: string, project: string) {
      const { data } = await legacyApi(() => deps.sentry.alertRules.list(org, project));
      const counts = await deps.outbox.fireCounts(
        org,
        data.map((rule) => Number(rule.id)).filter(Number.isFinite),
      );
      const items = data.map((rule) => viewOf(project, rule, counts));
      return {
        items: items.filter((view): view is AlertRuleView => view !== null),
        unsupported: items.filter((view) => view === null).length,
      };
    },
    async create(org: string, project: string, input: unknown): Promise<AlertRuleView> {
      const body = await legacyBody(input);
      const created = await legacyApi(() => deps.sentry.alertRules.create(org, project, body));
      const view = viewOf(project, created, new Map());
      if (!view)
        throw new DexterError('DEXTER_ERR_UPSTREAM_BAD_RESPONSE', 'the created rule came back unreadable');
      return view;
    },
    async update(org: string, project: string, ruleId: string, input: unknown): Promise<AlertRuleView> {
      const body = await legacyBody(input);
      const updated = await legacyApi(() => deps.sentry.alertRules.update(org, project, ruleId, body));
      const view = viewOf(project, updated, await deps.outbox.fireCounts(org, [Number(ruleId)]));
      if (!view)
        throw new DexterError('DEXTER_ERR_UPSTREAM_BAD_RESPONSE', 'the updated rule came back unreadable');
      return view;
    },
    remove: (org: string, project: string, ruleId: string) =>
      legacyApi(() => deps.sentry.alertRules.delete(org, project, ruleId)),
  };
}

export type AlertRulesService = ReturnType<typeof createAlertRulesService>;
