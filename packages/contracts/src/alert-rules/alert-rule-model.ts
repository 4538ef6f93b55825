/**
 * Dexter's one model of an issue alert rule: when it triggers, which events it looks at, what it
 * does, and how often at most. It maps to both of Sentry's APIs (`legacy-rule-mapping.ts`,
 * `workflow-mapping.ts`); the built-in store evaluates it
 * (`packages/store/src/alerts/alert-evaluator.ts`).
 *
 * Invariants: every object is strict, so an unknown field is an error naming it; windows are the
 * ones both Sentry APIs accept (`1m` … `30d`); a rule has at least one trigger and one action.
 * Semantics follow Sentry's: a frequency trigger holds while the issue was seen MORE than `value`
 * times in the window (counted from stored events, in the rule's environment when it has one);
 * filters look at the event that arrived; the actions run at most once per `actionIntervalMinutes`
 * per rule and issue.
 */
import { z } from 'zod';

/** Windows of Sentry's frequency conditions (legacy `interval`, workflows `comparison.interval`). */
export const ALERT_WINDOWS = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
  '1w': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;
export type AlertWindow = keyof typeof ALERT_WINDOWS;
const windowSchema = z.enum(Object.keys(ALERT_WINDOWS) as [AlertWindow, ...AlertWindow[]], {
  error: `must be one of ${Object.keys(ALERT_WINDOWS).join(', ')}`,
});

const threshold = z.number().int().min(1).max(1_000_000_000);

export const AlertTriggerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('new_issue') }),
  z.strictObject({ type: z.literal('regression') }),
  /** The issue was seen more than `value` times in `window`. */
  z.strictObject({ type: z.literal('frequency'), value: threshold, window: windowSchema }),
  /** More than `value` distinct users saw the issue in `window`. */
  z.strictObject({ type: z.literal('users'), value: threshold, window: windowSchema }),
]);
export type AlertTrigger = z.infer<typeof AlertTriggerSchema>;

/** Sentry's levels, with the numbers its level filter compares. */
export const ALERT_LEVELS = { fatal: 50, error: 40, warning: 30, info: 20, debug: 10, sample: 0 } as const;
export type AlertLevel = keyof typeof ALERT_LEVELS;

/** Sentry's string matches (`tagged_event`, `event_attribute`): equals, not, contains, starts, ends, set. */
export const STRING_MATCHES = ['eq', 'ne', 'co', 'nc', 'sw', 'ew', 'is', 'ns'] as const;
export type StringMatch = (typeof STRING_MATCHES)[number];

const stringMatch = z.enum(STRING_MATCHES);
const tagKey = z.string().min(1).max(200);
const tagValue = z.string().max(200).default('');

export const AlertFilterSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('level'),
    match: z.enum(['eq', 'gte', 'lte']),
    level: z.enum(Object.keys(ALERT_LEVELS) as [AlertLevel, ...AlertLevel[]]),
  }),
  z.strictObject({ type: z.literal('tag'), key: tagKey, match: stringMatch, value: tagValue }),
  z.strictObject({ type: z.literal('release'), match: stringMatch, value: tagValue }),
]);
export type AlertFilter = z.infer<typeof AlertFilterSchema>;

export const AlertActionSchema = z.discriminatedUnion('type', [
  /** A notification in Dexter (live, to everyone watching the organization). */
  z.strictObject({ type: z.literal('in_app') }),
  /** E-mail to an organization member (by member id) or to an address. */
  z.strictObject({
    type: z.literal('email'),
    target: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('member'),
        memberId: z.string().regex(/^\d+$/, 'must be a member id'),
      }),
      z.strictObject({ kind: z.literal('address'), address: z.email() }),
    ]),
  }),
  /** A signed JSON POST to `url` (HMAC-SHA256; see the alerts feature's webhook sender). */
  z.strictObject({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2_000),
    /** Digest: collect the firings of this many minutes and post them as one message. */
    digestMinutes: z.number().int().min(1).max(1440).optional(),
  }),
]);
export type AlertAction = z.infer<typeof AlertActionSchema>;

export const AlertRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(256),
  enabled: z.boolean().default(true),
  /** Only events of this environment; null = every environment. */
  environment: z.string().min(1).max(64).nullable().default(null),
  /** `any`: one trigger is enough; `all`: every trigger must hold. */
  triggerMatch: z.enum(['any', 'all']).default('any'),
  triggers: z.array(AlertTriggerSchema).min(1).max(10),
  /** All must hold for the arriving event. */
  filters: z.array(AlertFilterSchema).max(20).default([]),
  actions: z.array(AlertActionSchema).min(1).max(10),
  /** Per rule and issue; Sentry's legacy `frequency` (5 … 43,200 minutes). */
  actionIntervalMinutes: z.number().int().min(5).max(43_200),
});
export type AlertRule = z.infer<typeof AlertRuleSchema>;
export type AlertRuleInput = z.input<typeof AlertRuleSchema>;

/** A refusal of a rule or of its mapping, naming the field it is about. */
export interface RuleProblem {
  /** Dotted path, e.g. `triggers.0.window`; `''` for the rule as a whole. */
  field: string;
  message: string;
}

/** Parses a rule; problems name their field (`actions.1.url`). */
export function parseAlertRule(input: unknown): { rule: AlertRule } | { problems: RuleProblem[] } {
  const parsed = AlertRuleSchema.safeParse(input);
  if (parsed.success) return { rule: parsed.data };
  return { problems: problemsOf(parsed.error) };
}

export function problemsOf(error: z.ZodError): RuleProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    // An unrecognized key is reported at its parent: name the key itself.
    if (issue.code === 'unrecognized_keys') {
      return {
        field: [...path, issue.keys[0] ?? ''].join('.'),
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`,
      };
    }
    return { field: path.join('.'), message: issue.message };
  });
}

/** Triggers counted over a window, which only the store's stored events can answer. */
export const isWindowed = (
  trigger: AlertTrigger,
): trigger is Extract<AlertTrigger, { window: AlertWindow }> =>
  trigger.type === 'frequency' || trigger.type === 'users';
