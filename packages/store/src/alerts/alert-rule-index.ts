/**
 * The enabled rules of a project, arranged so that judging a batch costs what can fire, not the
 * number of rules:
 * - rules that can only fire for a new issue (or only for a regression) are looked at only for
 *   one: those whose triggers are all instant, and `all` rules with an instant trigger among
 *   counted ones;
 * - rules with one counted trigger are grouped by what they count (events or users, window,
 *   environment) with thresholds ascending, so one count per group and issue says which hold;
 * - anything else (`any` of several triggers with a count among them) is judged rule by rule.
 * Each rule's environment and filters are compiled once here (`event-filters.ts`).
 */
import { type AlertRule, type AlertTrigger, isWindowed } from '@dexter/contracts';
import { compileEventPredicate, type EventPredicate } from './event-filters';

export interface CompiledRule {
  id: number;
  organizationId: number;
  rule: AlertRule;
  actionsJson: string;
  intervalMs: number;
  /** The rule's environment and filters against one arriving event. */
  looksAt: EventPredicate;
  /** Hint, per issue id: the rule fired for it and is quiet until then (the database decides). */
  quietUntil: Map<number, number>;
}

export type CountedTrigger = Extract<AlertTrigger, { window: string }>;

/** A count that was exact, and the issue's `times_seen` when it was taken. */
export interface CountHint {
  count: number;
  timesSeen: number;
}

export interface CountGroup {
  trigger: Omit<CountedTrigger, 'value'>;
  environment: string | null;
  /** Ascending by threshold. */
  rules: Array<{ compiled: CompiledRule; value: number }>;
  /** Hint, per issue id: the group's last exact count (see the evaluator's `upperBound`). */
  counted: Map<number, CountHint>;
}

export interface ProjectRules {
  /** Rules that can fire only for a new issue. */
  onNewIssue: CompiledRule[];
  /** Rules that can fire only for a regression. */
  onRegression: CompiledRule[];
  groups: CountGroup[];
  mixed: CompiledRule[];
  /** Every compiled rule once, to drop hints. */
  all: CompiledRule[];
}

export function compileRule(row: { id: number; organization_id: number; rule: string }): CompiledRule {
  const rule = JSON.parse(row.rule) as AlertRule;
  return {
    id: row.id,
    organizationId: row.organization_id,
    rule,
    actionsJson: JSON.stringify(rule.actions),
    intervalMs: rule.actionIntervalMinutes * 60_000,
    looksAt: compileEventPredicate(rule.environment, rule.filters),
    quietUntil: new Map(),
  };
}

export function indexRules(rules: readonly CompiledRule[]): ProjectRules {
  const index: ProjectRules = { onNewIssue: [], onRegression: [], groups: [], mixed: [], all: [...rules] };
  const groups = new Map<string, CountGroup>();
  for (const compiled of rules) {
    const { triggers, environment, triggerMatch } = compiled.rule;
    const counted = triggers.filter(isWindowed);
    const newIssue = triggers.some((t) => t.type === 'new_issue');
    const regression = triggers.some((t) => t.type === 'regression');
    // With `all`, one instant trigger is enough to tie the rule to that moment.
    const instantOnly = counted.length === 0 || (triggerMatch === 'all' && (newIssue || regression));
    if (instantOnly) {
      if (newIssue) index.onNewIssue.push(compiled);
      if (regression) index.onRegression.push(compiled);
    } else if (triggers.length === 1 && counted.length === 1) {
      const trigger = counted[0]!;
      const key = `${trigger.type}|${trigger.window}|${environment ?? ''}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          trigger: { type: trigger.type, window: trigger.window },
          environment,
          rules: [],
          counted: new Map(),
        };
        groups.set(key, group);
        index.groups.push(group);
      }
      group.rules.push({ compiled, value: trigger.value });
    } else index.mixed.push(compiled);
  }
  for (const group of index.groups) group.rules.sort((a, b) => a.value - b.value);
  return index;
}
