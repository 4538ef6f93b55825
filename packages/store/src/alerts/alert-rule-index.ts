/**
 * The enabled rules of a project, arranged so that judging a batch costs what can fire, not the
 * number of rules: rules whose triggers are all instant (new issue, regression) are looked at only
 * for a new or regressed issue; rules with one counted trigger are grouped by what they count
 * (events or users, window, environment) with thresholds ascending, so one count per group and
 * issue says which of them hold; anything else (several triggers mixing both) is judged rule by rule.
 */
import { type AlertRule, type AlertTrigger, isWindowed } from '@dexter/contracts';

export interface CompiledRule {
  id: number;
  organizationId: number;
  rule: AlertRule;
  actionsJson: string;
  intervalMs: number;
}

export type CountedTrigger = Extract<AlertTrigger, { window: string }>;

export interface CountGroup {
  trigger: Omit<CountedTrigger, 'value'>;
  environment: string | null;
  /** Ascending by threshold. */
  rules: Array<{ compiled: CompiledRule; value: number }>;
}

export interface ProjectRules {
  instant: CompiledRule[];
  groups: CountGroup[];
  mixed: CompiledRule[];
}

export function indexRules(rules: readonly CompiledRule[]): ProjectRules {
  const index: ProjectRules = { instant: [], groups: [], mixed: [] };
  const groups = new Map<string, CountGroup>();
  for (const compiled of rules) {
    const { triggers, environment } = compiled.rule;
    const counted = triggers.filter(isWindowed);
    if (counted.length === 0) index.instant.push(compiled);
    else if (triggers.length === 1 && counted.length === 1) {
      const trigger = counted[0]!;
      const key = `${trigger.type}|${trigger.window}|${environment ?? ''}`;
      let group = groups.get(key);
      if (!group) {
        group = { trigger: { type: trigger.type, window: trigger.window }, environment, rules: [] };
        groups.set(key, group);
        index.groups.push(group);
      }
      group.rules.push({ compiled, value: trigger.value });
    } else index.mixed.push(compiled);
  }
  for (const group of index.groups) group.rules.sort((a, b) => a.value - b.value);
  return index;
}
