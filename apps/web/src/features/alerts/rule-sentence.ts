/**
 * A rule read aloud: "When an issue is seen more than 100 times in 1 hour in production, and level
 * is error or worse, notify in Dexter and post to https://… at most once per 30 minutes." The list
 * shows it, and the builder shows it live as the rule takes shape.
 */
import type { AlertAction, AlertRuleInput, AlertTrigger } from '@dexter/contracts';

type FilterInput = NonNullable<AlertRuleInput['filters']>[number];

export const WINDOW_WORDS = {
  '1m': '1 minute',
  '5m': '5 minutes',
  '15m': '15 minutes',
  '1h': '1 hour',
  '1d': '1 day',
  '1w': '1 week',
  '30d': '30 days',
} as const;

const MATCH_WORDS: Record<string, string> = {
  eq: 'is',
  ne: 'is not',
  co: 'contains',
  nc: 'does not contain',
  sw: 'starts with',
  ew: 'ends with',
  is: 'is set',
  ns: 'is not set',
};

function triggerWords(trigger: AlertTrigger): string {
  switch (trigger.type) {
    case 'new_issue':
      return 'a new issue is created';
    case 'regression':
      return 'an issue regresses';
    case 'frequency':
      return `an issue is seen more than ${trigger.value} times in ${WINDOW_WORDS[trigger.window]}`;
    case 'users':
      return `more than ${trigger.value} users see an issue in ${WINDOW_WORDS[trigger.window]}`;
  }
}

function filterWords(filter: FilterInput): string {
  const value = (match: string, text: string) => (match === 'is' || match === 'ns' ? '' : ` ${text}`);
  switch (filter.type) {
    case 'level':
      return `level is ${filter.level}${filter.match === 'gte' ? ' or worse' : filter.match === 'lte' ? ' or milder' : ''}`;
    case 'tag':
      return `tag ${filter.key} ${MATCH_WORDS[filter.match]}${value(filter.match, filter.value ?? '')}`;
    case 'release':
      return `release ${MATCH_WORDS[filter.match]}${value(filter.match, filter.value ?? '')}`;
  }
}

function actionWords(action: AlertAction): string {
  if (action.type === 'in_app') return 'notify in Dexter';
  if (action.type === 'webhook')
    return action.digestMinutes
      ? `post a digest of every ${action.digestMinutes} minutes to ${action.url}`
      : `post to ${action.url}`;
  return action.target.kind === 'address'
    ? `e-mail ${action.target.address}`
    : `e-mail member ${action.target.memberId}`;
}

const list = (parts: string[], last: 'and' | 'or') =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${last} ${parts.at(-1)}`;

export function ruleSentence(rule: AlertRuleInput): string {
  const when = list(rule.triggers.map(triggerWords), rule.triggerMatch === 'all' ? 'and' : 'or');
  const where = rule.environment ? ` in ${rule.environment}` : '';
  const filters = (rule.filters ?? []).map(filterWords);
  const and = filters.length > 0 ? `, and ${list(filters, 'and')}` : '';
  const minutes = rule.actionIntervalMinutes;
  const interval =
    minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
  return `When ${when}${where}${and}, ${list(rule.actions.map(actionWords), 'and')} at most once per ${interval}.`;
}
