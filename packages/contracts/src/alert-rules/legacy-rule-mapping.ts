/**
 * The rule model <-> Sentry's legacy issue alert rule (`POST /projects/{org}/{project}/rules/`,
 * spec@59279fd L47049; gone from sentry.io since 2026-05 unless flagged, still on older
 * self-hosted servers, and the shape the built-in store serves).
 *
 * Sentry's rules name integrations, never URLs or addresses: Dexter's own actions (in-app, webhook
 * to a URL, e-mail to an address) travel as an action of Dexter's Sentry App
 * (`NotifyEventSentryAppAction` with `settings`), which Sentry posts back to Dexter as an
 * `event_alert` webhook. Without that app installed they cannot be expressed and are refused.
 */
import {
  ALERT_LEVELS,
  type AlertAction,
  type AlertFilter,
  type AlertLevel,
  type AlertRule,
  type AlertTrigger,
  type RuleProblem,
} from './alert-rule-model';

export const LEGACY_IDS = {
  firstSeen: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition',
  regression: 'sentry.rules.conditions.regression_event.RegressionEventCondition',
  frequency: 'sentry.rules.conditions.event_frequency.EventFrequencyCondition',
  users: 'sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition',
  level: 'sentry.rules.filters.level.LevelFilter',
  tag: 'sentry.rules.filters.tagged_event.TaggedEventFilter',
  attribute: 'sentry.rules.filters.event_attribute.EventAttributeFilter',
  email: 'sentry.mail.actions.NotifyEmailAction',
  sentryApp: 'sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction',
} as const;

export interface MappingContext {
  /** The installation uuid of Dexter's Sentry App upstream; null when it is not installed. */
  dexterApp: string | null;
}

export interface LegacyRuleBody {
  name: string;
  frequency: number;
  actionMatch: 'all' | 'any' | 'none';
  filterMatch: 'all' | 'any' | 'none';
  environment: string | null;
  conditions: Array<Record<string, unknown>>;
  filters: Array<Record<string, unknown>>;
  actions: Array<Record<string, unknown>>;
}

export type Mapped<T> = { ok: true; body: T } | { ok: false; problems: RuleProblem[] };

export function toLegacyRule(rule: AlertRule, context: MappingContext): Mapped<LegacyRuleBody> {
  const problems: RuleProblem[] = [];
  const actions = rule.actions.map((action, i) => legacyAction(action, `actions.${i}`, context, problems));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: {
      name: rule.name,
      frequency: rule.actionIntervalMinutes,
      actionMatch: rule.triggerMatch,
      filterMatch: 'all',
      environment: rule.environment,
      conditions: rule.triggers.map(legacyCondition),
      filters: rule.filters.map(legacyFilter),
      actions: actions.filter((a): a is Record<string, unknown> => a !== null),
    },
  };
}

function legacyCondition(trigger: AlertTrigger): Record<string, unknown> {
  switch (trigger.type) {
    case 'new_issue':
      return { id: LEGACY_IDS.firstSeen };
    case 'regression':
      return { id: LEGACY_IDS.regression };
    case 'frequency':
      return {
        id: LEGACY_IDS.frequency,
        value: trigger.value,
        interval: trigger.window,
        comparisonType: 'count',
      };
    case 'users':
      return {
        id: LEGACY_IDS.users,
        value: trigger.value,
        interval: trigger.window,
        comparisonType: 'count',
      };
  }
}

function legacyFilter(filter: AlertFilter): Record<string, unknown> {
  switch (filter.type) {
    case 'level':
      return { id: LEGACY_IDS.level, match: filter.match, level: String(ALERT_LEVELS[filter.level]) };
    case 'tag':
      return { id: LEGACY_IDS.tag, key: filter.key, match: filter.match, value: filter.value };
    case 'release':
      return { id: LEGACY_IDS.attribute, attribute: 'release', match: filter.match, value: filter.value };
  }
}

/** Settings of a Dexter App action: what Dexter does when Sentry tells it the rule fired. */
export function dexterAppSettings(action: AlertAction): Array<{ name: string; value: string }> | null {
  if (action.type === 'in_app') return [{ name: 'kind', value: 'in_app' }];
  if (action.type === 'webhook')
    return [
      { name: 'kind', value: 'webhook' },
      { name: 'url', value: action.url },
      ...(action.digestMinutes ? [{ name: 'digestMinutes', value: String(action.digestMinutes) }] : []),
    ];
  if (action.target.kind === 'address')
    return [
      { name: 'kind', value: 'email' },
      { name: 'address', value: action.target.address },
    ];
  return null;
}

function legacyAction(
  action: AlertAction,
  field: string,
  context: MappingContext,
  problems: RuleProblem[],
): Record<string, unknown> | null {
  if (action.type === 'email' && action.target.kind === 'member') {
    return {
      id: LEGACY_IDS.email,
      targetType: 'Member',
      targetIdentifier: action.target.memberId,
      fallthroughType: 'ActiveMembers',
    };
  }
  const settings = dexterAppSettings(action);
  if (!context.dexterApp || !settings) {
    problems.push({ field, message: needsDexterApp(action) });
    return null;
  }
  return { id: LEGACY_IDS.sentryApp, sentryAppInstallationUuid: context.dexterApp, settings };
}

export const needsDexterApp = (action: AlertAction) =>
  `Sentry cannot ${
    action.type === 'in_app'
      ? 'notify in Dexter'
      : action.type === 'webhook'
        ? 'post to a URL from a rule (its rules name integrations)'
        : 'e-mail an address (only members, teams or issue owners)'
  } unless Dexter's Sentry App is installed upstream`;

// --- Legacy body -> model (what the built-in store's `/rules/` endpoints accept) ------------------

const LEVEL_BY_NUMBER = new Map(
  Object.entries(ALERT_LEVELS).map(([name, n]) => [String(n), name as AlertLevel]),
);

/**
 * Turns a legacy rule body into the model's input (validated by `parseAlertRule` after), or
 * problems naming the legacy field (`conditions.0.id`). Only what the model can express passes;
 * anything else is refused, never dropped.
 */
export function fromLegacyRule(
  body: Record<string, unknown>,
): { input: unknown } | { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const known = [
    'name',
    'frequency',
    'actionMatch',
    'filterMatch',
    'environment',
    'conditions',
    'filters',
    'actions',
    'owner',
    'projects',
    'status',
  ];
  for (const key of Object.keys(body))
    if (!known.includes(key)) problems.push({ field: key, message: `unknown field ${key}` });
  for (const key of ['name', 'frequency', 'actionMatch', 'conditions', 'actions'])
    if (body[key] === undefined) problems.push({ field: key, message: 'This field is required.' });
  if (body.filterMatch !== undefined && body.filterMatch !== 'all')
    problems.push({ field: 'filterMatch', message: 'only "all" is supported by the built-in store' });
  if (body.actionMatch === 'none')
    problems.push({ field: 'actionMatch', message: '"none" is not supported by the built-in store' });
  const list = (key: string) => (Array.isArray(body[key]) ? (body[key] as unknown[]) : []);
  for (const key of ['conditions', 'filters', 'actions'])
    if (body[key] !== undefined && !Array.isArray(body[key]))
      problems.push({ field: key, message: 'must be a list' });
  const triggers = list('conditions').map((c, i) => conditionFromLegacy(c, `conditions.${i}`, problems));
  const filters = list('filters').map((f, i) => filterFromLegacy(f, `filters.${i}`, problems));
  const actions = list('actions').map((a, i) => actionFromLegacy(a, `actions.${i}`, problems));
  if (problems.length > 0) return { problems };
  return {
    input: {
      name: body.name,
      enabled: body.status === undefined ? true : body.status !== 'disabled',
      environment: body.environment ?? null,
      triggerMatch: body.actionMatch,
      triggers,
      filters,
      actions,
      actionIntervalMinutes: typeof body.frequency === 'string' ? Number(body.frequency) : body.frequency,
    },
  };
}

/** The reverse of dexterAppSettings: the action a Dexter App's settings describe, or null with a problem. */
export function actionFromDexterAppSettings(value: unknown, field: string, problems: RuleProblem[]): unknown {
  const settings = new Map(
    (Array.isArray(value) ? value : []).map((s) => [String(record(s).name), record(s).value]),
  );
  const kind = settings.get('kind');
  if (kind === 'in_app') return { type: 'in_app' };
  if (kind === 'webhook') {
    const digest = settings.get('digestMinutes');
    return {
      type: 'webhook',
      url: settings.get('url'),
      ...(digest === undefined ? {} : { digestMinutes: Number(digest) }),
    };
  }
  if (kind === 'email')
    return { type: 'email', target: { kind: 'address', address: settings.get('address') } };
  problems.push({ field: `${field}.settings`, message: 'kind must be in_app, webhook or email' });
  return null;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Unknown keys of one legacy item, besides `id` and `name` (Sentry echoes a label in `name`). */
function extraKeys(item: Record<string, unknown>, allowed: string[], field: string, problems: RuleProblem[]) {
  for (const key of Object.keys(item))
    if (key !== 'id' && key !== 'name' && !allowed.includes(key))
      problems.push({ field: `${field}.${key}`, message: `unknown field ${key}` });
}

function conditionFromLegacy(value: unknown, field: string, problems: RuleProblem[]): unknown {
  const item = record(value);
  switch (item.id) {
    case LEGACY_IDS.firstSeen:
      extraKeys(item, [], field, problems);
      return { type: 'new_issue' };
    case LEGACY_IDS.regression:
      extraKeys(item, [], field, problems);
      return { type: 'regression' };
    case LEGACY_IDS.frequency:
    case LEGACY_IDS.users: {
      extraKeys(item, ['value', 'interval', 'comparisonType'], field, problems);
      if (item.comparisonType !== undefined && item.comparisonType !== 'count')
        problems.push({ field: `${field}.comparisonType`, message: 'only "count" is supported' });
      return {
        type: item.id === LEGACY_IDS.frequency ? 'frequency' : 'users',
        value: typeof item.value === 'string' ? Number(item.value) : item.value,
        window: item.interval,
      };
    }
    default:
      problems.push({ field: `${field}.id`, message: `unsupported condition ${String(item.id)}` });
      return null;
  }
}

function filterFromLegacy(value: unknown, field: string, problems: RuleProblem[]): unknown {
  const item = record(value);
  switch (item.id) {
    case LEGACY_IDS.level:
      extraKeys(item, ['match', 'level'], field, problems);
      return {
        type: 'level',
        match: item.match,
        level: LEVEL_BY_NUMBER.get(String(item.level)) ?? item.level,
      };
    case LEGACY_IDS.tag:
      extraKeys(item, ['key', 'match', 'value'], field, problems);
      return { type: 'tag', key: item.key, match: item.match, value: item.value };
    case LEGACY_IDS.attribute:
      extraKeys(item, ['attribute', 'match', 'value'], field, problems);
      if (item.attribute !== 'release')
        problems.push({ field: `${field}.attribute`, message: 'only the release attribute is supported' });
      return { type: 'release', match: item.match, value: item.value };
    default:
      problems.push({ field: `${field}.id`, message: `unsupported filter ${String(item.id)}` });
      return null;
  }
}

function actionFromLegacy(value: unknown, field: string, problems: RuleProblem[]): unknown {
  const item = record(value);
  if (item.id === LEGACY_IDS.email) {
    extraKeys(item, ['targetType', 'targetIdentifier', 'fallthroughType'], field, problems);
    if (item.targetType !== 'Member')
      problems.push({
        field: `${field}.targetType`,
        message: 'only "Member" is supported by the built-in store',
      });
    return { type: 'email', target: { kind: 'member', memberId: String(item.targetIdentifier ?? '') } };
  }
  if (item.id === LEGACY_IDS.sentryApp) {
    extraKeys(item, ['sentryAppInstallationUuid', 'settings', 'hasSchemaFormConfig'], field, problems);
    return actionFromDexterAppSettings(item.settings, field, problems);
  }
  problems.push({ field: `${field}.id`, message: `unsupported action ${String(item.id)}` });
  return null;
}
