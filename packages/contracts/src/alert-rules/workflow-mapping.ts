/**
 * The rule model -> Sentry's current alerting API: a workflow (`POST /organizations/{org}/workflows/`,
 * spec L40680) attached to the project's `error` detector, as Sentry's own backfill maps legacy
 * rules (wave2 §5.3): instant triggers (new issue, regression) are the workflow's `triggers`;
 * frequency and user counts are conditions of its one action filter, beside the filters, holding
 * the actions. Keys are snake_case, as the spec's request schema names them.
 *
 * Refused, with the reason: an action interval outside the workflow's list of frequencies, and
 * "any" of an instant trigger OR a count (a workflow ANDs its triggers with its action filter).
 */
import {
  ALERT_LEVELS,
  type AlertAction,
  type AlertFilter,
  type AlertRule,
  type AlertTrigger,
  isWindowed,
  type RuleProblem,
} from './alert-rule-model';
import { dexterAppSettings, type Mapped, type MappingContext, needsDexterApp } from './legacy-rule-mapping';

/** Workflow `config.frequency` values in minutes (spec L40680). */
export const WORKFLOW_FREQUENCIES = [0, 5, 10, 30, 60, 180, 720, 1440] as const;

export interface WorkflowContext extends MappingContext {
  /** The id of the project's `error` detector, which issue alerts attach to. */
  errorDetectorId: number;
}

export interface WorkflowBody {
  name: string;
  enabled: boolean;
  environment: string | null;
  config: { frequency: number };
  detector_ids: number[];
  triggers: { logic_type: 'any-short' | 'all'; conditions: WorkflowCondition[] };
  action_filters: Array<{ logic_type: 'all'; conditions: WorkflowCondition[]; actions: WorkflowAction[] }>;
}

export interface WorkflowCondition {
  type: string;
  comparison: unknown;
  condition_result: boolean;
}

export interface WorkflowAction {
  type: string;
  integration_id?: string;
  config: { target_type: string | null; target_identifier: string | null; target_display?: string | null };
  data: Record<string, unknown>;
}

const condition = (type: string, comparison: unknown): WorkflowCondition => ({
  type,
  comparison,
  condition_result: true,
});

export function toWorkflow(rule: AlertRule, context: WorkflowContext): Mapped<WorkflowBody> {
  const problems: RuleProblem[] = [];
  if (!(WORKFLOW_FREQUENCIES as readonly number[]).includes(rule.actionIntervalMinutes)) {
    problems.push({
      field: 'actionIntervalMinutes',
      message: `workflows take an action interval of ${WORKFLOW_FREQUENCIES.join(', ')} minutes only`,
    });
  }
  const instant = rule.triggers.filter((t) => !isWindowed(t));
  const counted = rule.triggers.filter(isWindowed);
  if (rule.triggerMatch === 'any' && counted.length > 0 && (instant.length > 0 || counted.length > 1)) {
    problems.push({
      field: 'triggerMatch',
      message:
        'a workflow cannot fire on "any" of several triggers when one counts events: counts are filters, ANDed with its triggers',
    });
  }
  const actions = rule.actions.map((action, i) => workflowAction(action, `actions.${i}`, context, problems));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: {
      name: rule.name,
      enabled: rule.enabled,
      environment: rule.environment,
      config: { frequency: rule.actionIntervalMinutes },
      detector_ids: [context.errorDetectorId],
      triggers: {
        logic_type: rule.triggerMatch === 'any' ? 'any-short' : 'all',
        conditions: instant.map(triggerCondition),
      },
      action_filters: [
        {
          logic_type: 'all',
          conditions: [...counted.map(triggerCondition), ...rule.filters.map(filterCondition)],
          actions: actions.filter((a): a is WorkflowAction => a !== null),
        },
      ],
    },
  };
}

function triggerCondition(trigger: AlertTrigger): WorkflowCondition {
  switch (trigger.type) {
    case 'new_issue':
      return condition('first_seen_event', true);
    case 'regression':
      return condition('regression_event', true);
    case 'frequency':
      return condition('event_frequency_count', { value: trigger.value, interval: trigger.window });
    case 'users':
      return condition('event_unique_user_frequency_count', {
        value: trigger.value,
        interval: trigger.window,
      });
  }
}

function filterCondition(filter: AlertFilter): WorkflowCondition {
  switch (filter.type) {
    case 'level':
      return condition('level', { level: ALERT_LEVELS[filter.level], match: filter.match });
    case 'tag':
      return condition('tagged_event', { key: filter.key, match: filter.match, value: filter.value });
    case 'release':
      return condition('event_attribute', { attribute: 'release', match: filter.match, value: filter.value });
  }
}

function workflowAction(
  action: AlertAction,
  field: string,
  context: MappingContext,
  problems: RuleProblem[],
): WorkflowAction | null {
  if (action.type === 'email' && action.target.kind === 'member') {
    return {
      type: 'email',
      config: { target_type: 'user', target_identifier: action.target.memberId },
      data: {},
    };
  }
  const settings = dexterAppSettings(action);
  if (!context.dexterApp || !settings) {
    problems.push({ field, message: needsDexterApp(action) });
    return null;
  }
  return {
    type: 'sentry_app',
    config: { target_type: 'sentry_app', target_identifier: context.dexterApp, target_display: 'Dexter' },
    data: { settings },
  };
}
