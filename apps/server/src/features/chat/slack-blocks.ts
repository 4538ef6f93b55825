/**
 * An issue as a Slack Block Kit message: a header with the short id and title, the culprit, the
 * figures (events, users, release, level, status, assignee), a text sparkline of the last day,
 * why it was posted, and the actions (resolve or reopen, ignore for a duration, assign to me,
 * open in Dexter). Every action's `value` names the org and issue, so a click needs no lookup of
 * the message. `text` is the notification fallback Slack shows where blocks are not rendered.
 */
import type { ChatIssue } from './chat-issue';

export const ACTION = {
  resolve: 'dexter.resolve',
  unresolve: 'dexter.unresolve',
  ignore: 'dexter.ignore',
  assignMe: 'dexter.assign_me',
  assignTeam: 'dexter.assign_team',
  open: 'dexter.open',
} as const;

/** Ignore durations offered in the message, in minutes (`forever` has no end). */
export const IGNORE_CHOICES = [
  { label: 'for 30 minutes', value: '30' },
  { label: 'for 2 hours', value: '120' },
  { label: 'for 24 hours', value: '1440' },
  { label: 'for a week', value: '10080' },
  { label: 'forever', value: 'forever' },
] as const;

const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
  emoji: true,
});

export const issueRef = (issue: Pick<ChatIssue, 'org' | 'id'>) => `${issue.org}:${issue.id}`;

export function parseIssueRef(value: string): { org: string; issueId: string } | null {
  const match = /^([a-z0-9][a-z0-9_-]{0,99}):(\d{1,20})$/.exec(value);
  return match ? { org: match[1]!, issueId: match[2]! } : null;
}

const STATUS_LABEL: Record<string, string> = {
  unresolved: 'Unresolved',
  resolved: 'Resolved',
  ignored: 'Ignored',
  resolvedInNextRelease: 'Resolved in next release',
};

export function issueText(issue: ChatIssue, reason: string): string {
  return `[${issue.shortId}] ${issue.title} (${reason}): ${issue.url}`;
}

export interface ChatTeam {
  id: string;
  slug: string;
}

/** Teams offered by "Assign to team…" (Slack allows 100 options). */
const MAX_TEAM_OPTIONS = 100;

export function issueBlocks(
  issue: ChatIssue,
  reason: string,
  lastAction?: string,
  teams: readonly ChatTeam[] = [],
): object[] {
  const ref = issueRef(issue);
  const status = STATUS_LABEL[issue.status] ?? issue.status;
  const fields = [
    `*Events*\n${issue.count.toLocaleString('en-US')}`,
    `*Users*\n${issue.userCount.toLocaleString('en-US')}`,
    `*Release*\n${issue.release ? escapeMrkdwn(issue.release) : '—'}`,
    `*Status*\n${status}${issue.assignee ? ` · assigned to ${escapeMrkdwn(issue.assignee)}` : ''}`,
  ].map((text) => ({ type: 'mrkdwn', text }));
  const open = issue.status === 'unresolved';
  const actions: object[] = [
    open
      ? { type: 'button', action_id: ACTION.resolve, text: plain('Resolve'), value: ref, style: 'primary' }
      : { type: 'button', action_id: ACTION.unresolve, text: plain('Reopen'), value: ref },
    {
      type: 'static_select',
      action_id: ACTION.ignore,
      placeholder: plain('Ignore…'),
      options: IGNORE_CHOICES.map((choice) => ({
        text: plain(choice.label),
        value: `${ref}:${choice.value}`,
      })),
    },
    { type: 'button', action_id: ACTION.assignMe, text: plain('Assign to me'), value: ref },
    ...(teams.length > 0
      ? [
          {
            type: 'static_select',
            action_id: ACTION.assignTeam,
            placeholder: plain('Assign to team…'),
            options: teams.slice(0, MAX_TEAM_OPTIONS).map((team) => ({
              text: plain(`#${team.slug}`, 75),
              value: `${ref}:${team.id}`,
            })),
          },
        ]
      : []),
    { type: 'button', action_id: ACTION.open, text: plain('Open in Dexter'), url: issue.url, value: ref },
  ];
  const context = [`${escapeMrkdwn(issue.project)} · ${issue.level} · ${escapeMrkdwn(reason)}`];
  if (lastAction) context.push(escapeMrkdwn(lastAction));
  return [
    { type: 'header', text: plain(`${issue.shortId}: ${issue.title}`) },
    {
      type: 'section',
      block_id: `dexter-issue:${ref}`,
      text: {
        type: 'mrkdwn',
        text: `<${issue.url}|*${escapeMrkdwn(issue.title)}*>\n\`${escapeMrkdwn(issue.culprit || '(no culprit)')}\``,
      },
      fields,
    },
    ...(issue.sparkline
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Last 24 h \`${issue.sparkline}\`` }] }]
      : []),
    { type: 'actions', block_id: `dexter-actions:${ref}`, elements: actions },
    { type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) },
  ];
}

/** A short line for the thread when the issue's state changes (by a click, in Dexter or upstream). */
export function statusLine(issue: ChatIssue, action: string, by: string | null): string {
  const status = STATUS_LABEL[issue.status] ?? issue.status;
  return `${issue.shortId} ${action === 'assigned' && issue.assignee ? `assigned to ${issue.assignee}` : `is now ${status.toLowerCase()}`}${by ? ` (by ${by})` : ''}.`;
}
